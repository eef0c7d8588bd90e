import { z } from 'zod';
import { opaqueIdSchema } from '../../envelope/envelope.ts';
import { serviceNameSchema, type ServiceName } from '../../services/service-name.ts';
import { defineEvent } from '../event-definition.ts';

/** The order a probe walks: the order a customer's message meets the services, then back to the gateway. */
export const PROBE_ROUTE: readonly ServiceName[] = [
  'compliance-filter',
  'ivr-menu',
  'routing',
  'archive',
  'reporting',
  'gateway',
];

export const probeHopSchema = z.object({
  service: serviceNameSchema,
  receivedAt: z.iso.datetime({ offset: true }),
});

export type ProbeHop = z.infer<typeof probeHopSchema>;

const probePayloadSchema = z.object({
  probeId: opaqueIdSchema,
  startedAt: z.iso.datetime({ offset: true }),
  nextService: serviceNameSchema,
  hops: z.array(probeHopSchema).max(PROBE_ROUTE.length),
});

export const probeStarted = defineEvent({
  type: 'diagnostics.probe.started',
  version: 1,
  topic: 'diagnostics.probes',
  producers: ['gateway'],
  requiresConversation: false,
  description: 'An operator asked the gateway to send a synthetic probe through every service.',
  payload: probePayloadSchema,
});

export const probeForwarded = defineEvent({
  type: 'diagnostics.probe.forwarded',
  version: 1,
  topic: 'diagnostics.probes',
  producers: ['compliance-filter', 'ivr-menu', 'routing', 'archive', 'reporting'],
  requiresConversation: false,
  description: 'A service received a probe and passed it to the next service on its route.',
  payload: probePayloadSchema,
});

/** A probe older than this is no longer awaited by anyone, so a consumer catching up on old probes skips it. */
export const PROBE_TTL_MS = 5 * 60 * 1000;

export function isProbeExpired(payload: { startedAt: string }, now: Date): boolean {
  return now.getTime() - Date.parse(payload.startedAt) > PROBE_TTL_MS;
}

/** The service after `current` on the probe route, or undefined once the probe is back at the gateway. */
export function nextProbeService(current: ServiceName): ServiceName | undefined {
  const index = PROBE_ROUTE.indexOf(current);
  return index >= 0 ? PROBE_ROUTE[index + 1] : undefined;
}
