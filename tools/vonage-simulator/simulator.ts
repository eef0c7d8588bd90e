import { createPublicKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallSession } from './call.runner.ts';
import { placeInboundCall, registerControlRoutes } from './control.routes.ts';
import { Router } from './http.router.ts';
import { injectInboundSms, type InboundSmsInput } from './inbound-sms.injector.ts';
import { registerMessagesRoutes } from './messages.routes.ts';
import { OutcomeRules, type OutcomeKind, type OutcomeRule } from './outcome.rules.ts';
import type { SimulatorContext } from './simulator.context.ts';
import { createSimulatorLogger } from './simulator.logger.ts';
import { SimulatorState, type CallRecord, type InboundMessageRecord } from './simulator.state.ts';
import { TokenBucket } from './token-bucket.limiter.ts';
import { registerVoiceRoutes } from './voice.routes.ts';
import type { SigningMode } from './webhook-jwt.signer.ts';
import { WebhookDispatcher } from './webhook.dispatcher.ts';

export { SimulatorState } from './simulator.state.ts';
export type {
  AuthKind,
  CallLogEntry,
  CallRecord,
  ConversationEntry,
  InboundMessageRecord,
  MessageStatus,
  OutboundMessageRecord,
  SimulatorSnapshot,
  WebhookAttemptRecord,
  WebhookKind,
} from './simulator.state.ts';
export { analyzeSms, type SmsAnalysis } from './sms-encoding.calculator.ts';
export { SIGNING_MODES, type SigningMode, type WebhookClaims } from './webhook-jwt.signer.ts';
export { OUTCOME_KINDS, type OutcomeKind, type OutcomeRule } from './outcome.rules.ts';

export interface SimulatorOptions {
  host?: string;
  port?: number;
  applicationId: string;
  /** Verifies the SDK's RS256 application JWTs; a private key PEM works too (its public half is used). */
  publicKeyPem: string;
  apiKey: string;
  apiSecret: string;
  signatureSecret: string;
  webhooks: {
    inboundUrl: string;
    statusUrl: string;
    voiceAnswerUrl: string;
    voiceEventUrl: string;
    voiceFallbackAnswerUrl?: string;
  };
  retry?: { initialMs: number; maxMs: number; giveUpAfterMs: number };
  rateLimitPerSecond?: number;
  statusDelayMs?: number;
  /** Multiplies simulated voice durations (talk, stream, input time-outs, wait); 0.01 makes a call 100 times faster. */
  timeScale?: number;
  logger?: (line: Record<string, unknown>) => void;
}

export interface ForceOutcomeInput {
  outcome: OutcomeKind;
  to?: string;
  count?: number;
  errorCode?: number;
  duplicate?: boolean;
  reorder?: boolean;
}

export interface PlaceCallInput {
  from: string;
  to: string;
  signing?: SigningMode;
}

export interface RunningSimulator {
  url: string;
  stop(): Promise<void>;
  state: SimulatorState;
  /** Same as `POST /_sim/sms`. */
  injectInboundSms(input: InboundSmsInput): InboundMessageRecord;
  /** Same as `POST /_sim/outcomes`. */
  forceOutcome(input: ForceOutcomeInput): OutcomeRule;
  /** Same as `POST /_sim/calls`. */
  placeCall(input: PlaceCallInput): CallRecord;
  /** Same as `POST /_sim/calls/:uuid/dtmf`; returns how each digit was handled. */
  pressDigits(callUuid: string, digits: string): string[];
  /** Same as `POST /_sim/calls/:uuid/hangup` (the caller hangs up). */
  hangUp(callUuid: string): void;
}

export type { InboundSmsInput } from './inbound-sms.injector.ts';

const PRODUCTION_RETRY = { initialMs: 5_000, maxMs: 900_000, giveUpAfterMs: 86_400_000 };

function requireText(name: string, value: string | undefined): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Vonage simulator option ${name} is required`);
  }
  return value;
}

function requireUrl(name: string, value: string | undefined): string {
  const text = requireText(name, value);
  if (!URL.canParse(text)) {
    throw new Error(`Vonage simulator option ${name} is not a URL: ${text}`);
  }
  return text;
}

function sessionOrThrow(sessions: Map<string, CallSession>, uuid: string): CallSession {
  const session = sessions.get(uuid);
  if (!session) {
    throw new Error(`No call ${uuid}`);
  }
  return session;
}

/** Starts a local stand-in for Vonage's Messages and Voice APIs that drives the gateway's webhooks. */
export async function startVonageSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  const webhooks = {
    inboundUrl: requireUrl('webhooks.inboundUrl', options.webhooks.inboundUrl),
    statusUrl: requireUrl('webhooks.statusUrl', options.webhooks.statusUrl),
    voiceAnswerUrl: requireUrl('webhooks.voiceAnswerUrl', options.webhooks.voiceAnswerUrl),
    voiceEventUrl: requireUrl('webhooks.voiceEventUrl', options.webhooks.voiceEventUrl),
    ...(options.webhooks.voiceFallbackAnswerUrl
      ? { voiceFallbackAnswerUrl: requireUrl('webhooks.voiceFallbackAnswerUrl', options.webhooks.voiceFallbackAnswerUrl) }
      : {}),
  };
  const credentials = {
    applicationId: requireText('applicationId', options.applicationId),
    publicKey: createPublicKey(requireText('publicKeyPem', options.publicKeyPem)),
    apiKey: requireText('apiKey', options.apiKey),
    apiSecret: requireText('apiSecret', options.apiSecret),
  };
  const signatureSecret = requireText('signatureSecret', options.signatureSecret);
  const rateLimitPerSecond = options.rateLimitPerSecond ?? 30;
  const timeScale = options.timeScale ?? 1;
  if (!(rateLimitPerSecond > 0) || !(timeScale > 0)) {
    throw new Error('Vonage simulator options rateLimitPerSecond and timeScale must be positive');
  }

  const logger = createSimulatorLogger(options.logger);
  const state = new SimulatorState();
  const dispatcher = new WebhookDispatcher(state, { signatureSecret, apiKey: credentials.apiKey, applicationId: credentials.applicationId }, logger);
  const tasks = new Set<Promise<void>>();
  const calls = new Map<string, CallSession>();
  const context: SimulatorContext = {
    settings: {
      webhooks,
      retry: options.retry ?? PRODUCTION_RETRY,
      rateLimitPerSecond,
      statusDelayMs: options.statusDelayMs ?? 200,
      timeScale,
    },
    state,
    dispatcher,
    logger,
    credentials,
    outcomes: new OutcomeRules(),
    bucket: new TokenBucket(rateLimitPerSecond),
    calls,
    background(label, task) {
      const running = task().catch((error: unknown) => logger.error('background task failed', { task: label, error }));
      tasks.add(running);
      void running.finally(() => tasks.delete(running));
    },
  };

  const router = new Router(logger);
  registerMessagesRoutes(router, context);
  registerVoiceRoutes(router, context);
  registerControlRoutes(router, context);

  const server = createServer((req, res) => {
    router.handle(req, res).catch((error: unknown) => logger.error('request handling failed', { error }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  logger.info('vonage simulator listening', { url, rateLimitPerSecond, timeScale });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      dispatcher.stop();
      for (const session of calls.values()) {
        session.terminate();
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      while (tasks.size > 0) {
        await Promise.allSettled([...tasks]);
      }
      logger.info('vonage simulator stopped');
    })();
    return stopping;
  };

  return {
    url,
    stop,
    state,
    injectInboundSms: (input) => injectInboundSms(context, input),
    forceOutcome: (input) =>
      context.outcomes.add({ ...input, count: input.count ?? 1, duplicate: input.duplicate ?? false, reorder: input.reorder ?? false }),
    placeCall: (input) => placeInboundCall(context, input).record,
    pressDigits: (callUuid, digits) => sessionOrThrow(calls, callUuid).pressDigits(digits),
    hangUp: (callUuid) => sessionOrThrow(calls, callUuid).hangup('caller'),
  };
}
