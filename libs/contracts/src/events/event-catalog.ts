import type { EventDefinition } from './event-definition.ts';
import { eventKey } from './event-definition.ts';
import {
  agentAcceptRequested,
  agentCallChanged,
  agentCloseRequested,
  agentConnectionChanged,
  agentDeactivated,
  agentDeclineRequested,
  agentPresenceRequested,
  agentTransferRequested,
} from './agent/agent.commands.ts';
import { agentCommandRejected, agentStateChanged } from './agent/agent.events.ts';
import { carrierTrafficUnrouted } from './carrier/carrier.events.ts';
import { outboundMessageBlocked, smsInboundRedacted, smsInboundScreened, smsOutboundRequested } from './compliance/screening.events.ts';
import {
  outboundMessageApproved,
  outboundMessageDeliveryReported,
  outboundMessageFailed,
  outboundMessageSent,
} from './conversation/outbound-message.events.ts';
import { consentOptedIn, consentOptedOut } from './consent/consent.events.ts';
import { probeForwarded, probeStarted } from './diagnostics/probe.events.ts';
import {
  conversationAfterHours,
  conversationEnded,
  conversationMenuAbandoned,
  conversationMenuInvalidInput,
  conversationMenuPrompted,
  conversationMenuSelected,
  conversationMessageReceived,
  conversationMessageRedacted,
  conversationOptOutRequested,
  conversationQueued,
  conversationStarted,
} from './front-door/front-door.events.ts';
import {
  conversationAssigned,
  conversationClosed,
  conversationOffered,
  conversationOfferLapsed,
  conversationOverflowed,
  conversationRequeued,
  conversationTransferred,
} from './routing/routing.events.ts';
import { routingQueuesChanged } from './routing/routing-queues.events.ts';
import { reportAgentIntervalPublished, reportConversationPublished, reportIntervalPublished } from './reporting/report.events.ts';
import { smsInboundReceived } from './sms/sms-inbound.events.ts';
import {
  voiceCallAnswered,
  voiceCallCompleted,
  voiceCallDeflected,
  voiceCallMenuSelected,
  voiceCallStarted,
} from './voice/voice-call.events.ts';

/** Every event the platform publishes; add a new event here and its JSON Schema and docs follow. */
export const EVENTS: readonly EventDefinition[] = [
  smsInboundReceived,
  smsInboundScreened,
  smsInboundRedacted,
  smsOutboundRequested,
  conversationStarted,
  conversationMessageReceived,
  conversationMessageRedacted,
  conversationMenuPrompted,
  conversationMenuSelected,
  conversationMenuInvalidInput,
  conversationMenuAbandoned,
  conversationQueued,
  conversationAfterHours,
  conversationEnded,
  conversationOptOutRequested,
  conversationOffered,
  conversationOfferLapsed,
  conversationAssigned,
  conversationTransferred,
  conversationRequeued,
  conversationOverflowed,
  conversationClosed,
  routingQueuesChanged,
  agentAcceptRequested,
  agentDeclineRequested,
  agentTransferRequested,
  agentCloseRequested,
  agentPresenceRequested,
  agentConnectionChanged,
  agentCallChanged,
  agentDeactivated,
  agentStateChanged,
  agentCommandRejected,
  consentOptedOut,
  consentOptedIn,
  outboundMessageApproved,
  outboundMessageBlocked,
  outboundMessageSent,
  outboundMessageDeliveryReported,
  outboundMessageFailed,
  voiceCallStarted,
  voiceCallAnswered,
  voiceCallMenuSelected,
  voiceCallDeflected,
  voiceCallCompleted,
  carrierTrafficUnrouted,
  reportIntervalPublished,
  reportAgentIntervalPublished,
  reportConversationPublished,
  probeStarted,
  probeForwarded,
];

const byKey = new Map(EVENTS.map((definition) => [eventKey(definition), definition]));

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return byKey.get(eventKey({ type, version }));
}

export function eventsOnTopic(topic: string): readonly EventDefinition[] {
  return EVENTS.filter((definition) => definition.topic === topic);
}
