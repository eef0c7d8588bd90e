export {
  MAX_QUEUE_PRIORITY,
  effectiveQueue,
  findOverflowCycle,
  routingQueueSchema,
  type EffectiveQueue,
  type RoutingQueue,
} from './queues/routing-queue.ts';
export { agentLoad, conversationWeight, type Channel, type RoutingPolicy } from './load/conversation-weight.ts';
export {
  PlanningSession,
  planAssignments,
  type AgentSnapshot,
  type AssignmentReason,
  type PlannedAssignment,
  type PlanningInput,
  type WaitingConversation,
} from './planner/assignment-planner.ts';
export {
  refuseAccept,
  refuseClose,
  refuseDecline,
  refuseTransfer,
  type Refusal,
  type RoutedConversation,
  type RoutedStage,
  type TransferTargetFacts,
} from './commands/command-rules.ts';
export {
  DEFAULT_ROUTING_SETTINGS,
  MAX_AGENT_CAPACITY,
  agentIdSchema,
  agentProfileSchema,
  policyOf,
  routingSettingsSchema,
  type AgentProfile,
  type RoutingSettings,
} from './settings/routing-settings.ts';
