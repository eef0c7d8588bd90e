export {
  MAX_QUEUE_PRIORITY,
  effectiveQueue,
  routingQueueSchema,
  type EffectiveQueue,
  type RoutingQueue,
} from './queues/routing-queue.ts';
export { conversationWeight, type Channel, type RoutingPolicy } from './load/conversation-weight.ts';
export {
  planAssignments,
  type AgentSnapshot,
  type AssignmentReason,
  type PlannedAssignment,
  type PlanningInput,
  type Presence,
  type WaitingConversation,
} from './planner/assignment-planner.ts';
