import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { queryPayload, verifyWebhookSignature } from '@parley/gateway-domain';
import { APP_CONFIG } from '@parley/platform/config';
import { LOGGER, type Logger } from '@parley/platform/observability';
import type { FastifyRequest } from 'fastify';
import type { GatewayConfig } from '../config.ts';
import { GatewayMetrics } from '../gateway.metrics.ts';

type RawRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * Lets a carrier webhook in only as JSON and with Vonage's signed token over these exact bytes (the raw body, or the query
 * of a GET). Anything unsigned, forged, stale or tampered answers 401 before the body is even looked at.
 */
@Injectable()
export class VonageWebhookGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly metrics: GatewayMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const vonage = this.config.vonage;
    const request = context.switchToHttp().getRequest<RawRequest>();
    if (request.method !== 'GET' && !/^application\/json\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
      throw new DomainError('unsupported-media-type', 'webhook.json-required', 'Carrier webhooks must be sent as application/json.');
    }
    if (!vonage.requireSignedWebhooks) {
      return true;
    }
    const payload =
      request.method === 'GET'
        ? queryPayload(new URL(request.url, 'http://gateway.invalid').searchParams)
        : (request.rawBody ?? Buffer.alloc(0));
    const check = verifyWebhookSignature(request.headers.authorization, payload, {
      secret: vonage.signatureSecret,
      apiKey: vonage.apiKey,
      maxAgeSeconds: vonage.webhookMaxAgeSeconds,
      now: new Date(),
    });
    if (!check.ok) {
      this.metrics.signatureRejections.inc({ reason: check.reason });
      this.logger.warn({ path: request.url.split('?')[0], reason: check.reason }, 'carrier webhook refused');
      throw new DomainError('unauthorized', `webhook.signature-${check.reason}`, 'The webhook is not signed by the carrier.');
    }
    return true;
  }
}
