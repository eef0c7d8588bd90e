import type { ServiceName } from '../services/service-name.ts';

export type Sensitivity = 'raw' | 'screened';
export type CleanupPolicy = 'delete' | 'compact';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The envelope field a topic is keyed by; the key is always an opaque id, never a phone number. */
export type TopicKeySource = 'conversationId' | 'tenantId' | { payloadField: string };

export interface TopicDefinition {
  readonly name: string;
  readonly description: string;
  readonly key: { readonly name: string; readonly source: TopicKeySource };
  readonly partitions: number;
  readonly retentionMs: number;
  readonly cleanupPolicy: CleanupPolicy;
  readonly sensitivity: Sensitivity;
  readonly producers: readonly ServiceName[];
  readonly consumers: readonly ServiceName[];
}

export interface DeadLetterTopicDefinition extends TopicDefinition {
  readonly deadLetterOf: string;
}

const ALL_SERVICES: readonly ServiceName[] = [
  'gateway',
  'compliance-filter',
  'ivr-menu',
  'routing',
  'archive',
  'reporting',
];

/**
 * The single source for every topic: local topic creation, the Strimzi resources in k8s/, the per-service ACLs,
 * the publisher's key and producer checks, and the docs all read this list.
 */
export const TOPICS = [
  {
    name: 'sms.inbound.raw',
    description: 'Inbound SMS exactly as the carrier delivered it; may hold card numbers, so only the compliance filter reads it.',
    key: { name: 'thread', source: { payloadField: 'threadId' } },
    partitions: 6,
    retentionMs: 1 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'raw',
    producers: ['gateway'],
    consumers: ['compliance-filter'],
  },
  {
    name: 'sms.outbound.requested',
    description: 'Replies agents and automations want to send, before screening.',
    key: { name: 'conversation', source: 'conversationId' },
    partitions: 6,
    retentionMs: 1 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'raw',
    producers: ['gateway', 'ivr-menu'],
    consumers: ['compliance-filter'],
  },
  {
    name: 'sms.inbound',
    description: 'Inbound SMS after screening: card numbers and personal data already redacted.',
    key: { name: 'thread', source: { payloadField: 'threadId' } },
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['compliance-filter'],
    consumers: ['ivr-menu'],
  },
  {
    name: 'conversation.events',
    description: 'The ordered log of each conversation; every event type on it has exactly one producing service.',
    key: { name: 'conversation', source: 'conversationId' },
    partitions: 12,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['gateway', 'compliance-filter', 'ivr-menu', 'routing'],
    consumers: ['gateway', 'ivr-menu', 'routing', 'archive', 'reporting'],
  },
  {
    name: 'consent.events',
    description: "Customers' opt-outs and opt-ins per tenant, the audit trail of the consent ledger.",
    key: { name: 'tenant', source: 'tenantId' },
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['ivr-menu'],
    consumers: ['gateway', 'archive', 'reporting'],
  },
  {
    name: 'agent.commands',
    description: "Agents' requests from the desk (presence, accept, decline, transfer, close) and facts about agents the gateway learns (desk connection, calls, deactivation).",
    key: { name: 'agent', source: { payloadField: 'agentId' } },
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['gateway'],
    consumers: ['routing'],
  },
  {
    name: 'agent.events',
    description: "Agents' state as routing decided it (presence, capacity, load) and the commands it refused, with why.",
    key: { name: 'agent', source: { payloadField: 'agentId' } },
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['routing'],
    consumers: ['gateway', 'archive', 'reporting'],
  },
  {
    name: 'routing.queues',
    description: "Each tenant's queue settings as routing holds them, the whole list per event, compacted to the latest per tenant.",
    key: { name: 'tenant', source: 'tenantId' },
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'compact',
    sensitivity: 'screened',
    producers: ['routing'],
    consumers: ['reporting'],
  },
  {
    name: 'voice.events',
    description: 'Calls on business numbers: started, answered, completed, abandoned, deflected to SMS.',
    key: { name: 'call', source: { payloadField: 'callId' } },
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['gateway'],
    consumers: ['ivr-menu', 'archive', 'reporting'],
  },
  {
    name: 'carrier.events',
    description: 'What the carrier sent that belongs to no tenant, such as traffic to numbers nobody configured.',
    key: { name: 'number', source: { payloadField: 'numberId' } },
    partitions: 3,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ['gateway'],
    consumers: ['archive', 'reporting'],
  },
  {
    name: 'report.intervals',
    description: "Reporting's 15-minute rows per queue and channel, for BI: every revision of a row under one key, compacted to the latest.",
    key: { name: 'report', source: { payloadField: 'reportId' } },
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'compact',
    sensitivity: 'screened',
    producers: ['reporting'],
    consumers: [],
  },
  {
    name: 'report.agent-intervals',
    description: "Reporting's 15-minute rows per agent, for BI: every revision of a row under one key, compacted to the latest.",
    key: { name: 'report', source: { payloadField: 'reportId' } },
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'compact',
    sensitivity: 'screened',
    producers: ['reporting'],
    consumers: [],
  },
  {
    name: 'report.conversations',
    description: "Reporting's record of each finished conversation, for BI: every revision under one key, compacted to the latest.",
    key: { name: 'report', source: { payloadField: 'reportId' } },
    partitions: 6,
    retentionMs: 30 * DAY_MS,
    cleanupPolicy: 'compact',
    sensitivity: 'screened',
    producers: ['reporting'],
    consumers: [],
  },
  {
    name: 'diagnostics.probes',
    description: 'Synthetic probes that walk every service in pipeline order and return to the gateway.',
    key: { name: 'probe', source: { payloadField: 'probeId' } },
    partitions: 1,
    retentionMs: 1 * DAY_MS,
    cleanupPolicy: 'delete',
    sensitivity: 'screened',
    producers: ALL_SERVICES,
    consumers: ALL_SERVICES,
  },
] as const satisfies readonly TopicDefinition[];

export type TopicName = (typeof TOPICS)[number]['name'];

export const DEAD_LETTER_SUFFIX = '.dlq';

/** Every consumed topic gets a dead-letter topic, fed by its consumers and read by operators. */
export const DEAD_LETTER_TOPICS: readonly DeadLetterTopicDefinition[] = TOPICS.filter(
  (topic) => topic.consumers.length > 0,
).map((topic) => ({
  name: `${topic.name}${DEAD_LETTER_SUFFIX}`,
  description: `Events from ${topic.name} that could not be processed, with the error in the headers.`,
  key: topic.key,
  partitions: 1,
  retentionMs: topic.sensitivity === 'raw' ? topic.retentionMs : 14 * DAY_MS,
  cleanupPolicy: 'delete',
  sensitivity: topic.sensitivity,
  producers: topic.consumers,
  consumers: [],
  deadLetterOf: topic.name,
}));

export const ALL_TOPICS: readonly TopicDefinition[] = [...TOPICS, ...DEAD_LETTER_TOPICS];

export function findTopic(name: string): TopicDefinition | undefined {
  return ALL_TOPICS.find((topic) => topic.name === name);
}

export function getTopic(name: TopicName): TopicDefinition {
  const topic = findTopic(name);
  if (!topic) {
    throw new Error(`Topic ${name} is not in the catalog`);
  }
  return topic;
}

export function deadLetterTopicOf(name: TopicName): string {
  return `${name}${DEAD_LETTER_SUFFIX}`;
}
