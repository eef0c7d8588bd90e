import { Global, Injectable, Module } from '@nestjs/common';
import { MetricsRegistry } from '@parley/platform/observability';
import { Counter, Gauge } from 'prom-client';

/** The gateway's own counters, registered once on the service's registry. */
@Injectable()
export class GatewayMetrics {
  readonly signatureRejections: Counter<'reason'>;
  readonly unroutedTraffic: Counter<'channel'>;
  readonly inboundSms: Counter<'outcome'>;
  readonly deliveryReceipts: Counter<'outcome' | 'status'>;
  readonly outboundSms: Counter<'outcome'>;
  readonly carrierSendRequests: Counter<'result'>;
  readonly deskLogins: Counter<'outcome'>;
  readonly deskConnections: Gauge<'role'>;
  readonly deskCommands: Counter<'command' | 'outcome'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.signatureRejections = new Counter({
      name: 'parley_webhook_signature_rejections_total',
      help: 'Carrier webhooks refused for their signature, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.unroutedTraffic = new Counter({
      name: 'parley_unrouted_traffic_total',
      help: 'Texts and calls for numbers no tenant has configured.',
      labelNames: ['channel'],
      registers,
    });
    this.inboundSms = new Counter({
      name: 'parley_inbound_sms_total',
      help: 'Inbound SMS webhooks, by outcome: accepted, duplicate, unrouted.',
      labelNames: ['outcome'],
      registers,
    });
    this.deliveryReceipts = new Counter({
      name: 'parley_delivery_receipts_total',
      help: 'Carrier delivery receipts, by status and outcome: reported, unmatched, ignored.',
      labelNames: ['outcome', 'status'],
      registers,
    });
    this.outboundSms = new Counter({
      name: 'parley_outbound_sms_total',
      help: 'Approved replies handled by the sender, by outcome.',
      labelNames: ['outcome'],
      registers,
    });
    this.carrierSendRequests = new Counter({
      name: 'parley_carrier_send_requests_total',
      help: 'Send requests to the carrier, by what it answered: accepted, retry-later, rejected, unknown.',
      labelNames: ['result'],
      registers,
    });
    this.deskLogins = new Counter({
      name: 'parley_desk_logins_total',
      help: 'Desk logins, by outcome: succeeded, failed, rate-limited.',
      labelNames: ['outcome'],
      registers,
    });
    this.deskConnections = new Gauge({
      name: 'parley_desk_connections',
      help: 'Desk WebSockets open on this instance, by role.',
      labelNames: ['role'],
      registers,
    });
    this.deskCommands = new Counter({
      name: 'parley_desk_commands_total',
      help: 'Desk commands and replies, by command and how they were answered: applied, rejected, approved, blocked, pending.',
      labelNames: ['command', 'outcome'],
      registers,
    });
  }
}

@Global()
@Module({ providers: [GatewayMetrics], exports: [GatewayMetrics] })
export class GatewayMetricsModule {}
