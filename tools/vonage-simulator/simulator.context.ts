import type { CallSession } from './call.runner.ts';
import type { ApiCredentials } from './request-auth.guard.ts';
import type { OutcomeRules } from './outcome.rules.ts';
import type { SimulatorLogger } from './simulator.logger.ts';
import type { SimulatorState } from './simulator.state.ts';
import type { TokenBucket } from './token-bucket.limiter.ts';
import type { RetrySchedule, WebhookDispatcher } from './webhook.dispatcher.ts';

export interface WebhookTargets {
  inboundUrl: string;
  statusUrl: string;
  voiceAnswerUrl: string;
  voiceEventUrl: string;
  voiceFallbackAnswerUrl?: string;
}

export interface ResolvedSettings {
  webhooks: WebhookTargets;
  retry: RetrySchedule;
  rateLimitPerSecond: number;
  statusDelayMs: number;
  timeScale: number;
}

/** Everything the route modules share, built once per simulator. */
export interface SimulatorContext {
  settings: ResolvedSettings;
  state: SimulatorState;
  dispatcher: WebhookDispatcher;
  logger: SimulatorLogger;
  credentials: ApiCredentials;
  outcomes: OutcomeRules;
  bucket: TokenBucket;
  calls: Map<string, CallSession>;
  /** Runs work after the HTTP reply; stop() waits for all of it once deliveries are cancelled. */
  background(label: string, task: () => Promise<void>): void;
}
