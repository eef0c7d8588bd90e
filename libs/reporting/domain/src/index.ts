export {
  DEFAULT_ALLOWED_LATENESS_SECONDS,
  DEFAULT_FINISHED_RETENTION_SECONDS,
  DEFAULT_MAX_CLOCK_SKEW_SECONDS,
  DEFAULT_SERVICE_LEVEL_SECONDS,
  advanceWatermark,
  applyEvent,
  createReportingState,
  flushRows,
  rowsFor,
  stateSize,
  type ApplyOutcome,
  type ApplyResult,
  type ReportingOptions,
  type ReportingState,
  type WatermarkAdvance,
} from './engine/reporting-engine.ts';
export { percentile90 } from './engine/row-output.ts';
export { decodeReportingState, encodeReportingState, REPORTING_STATE_FORMAT, ReportingStateFormatError } from './engine/state-codec.ts';
export { INTERVAL_MINUTES, INTERVAL_MS, intervalStartOf } from './intervals/interval-clock.ts';
export { REPORTED_EVENT_TYPES, REPORTED_EVENTS } from './intake/reported-events.ts';
export { liveFigures, type LiveAgentFigures, type LiveQueueFigures } from './live/live-figures.ts';
export {
  CONVERSATION_OUTCOMES,
  NO_QUEUE,
  agentIntervalRowSchema,
  conversationRecordSchema,
  intervalRowSchema,
  reportChannelSchema,
  reportQueueSchema,
  rowKeyId,
  type AgentIntervalRow,
  type ConversationRecord,
  type IntervalRow,
  type ReportChannel,
  type ReportRow,
  type ReportRowKey,
} from './rows/report-rows.ts';
