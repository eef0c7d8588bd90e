import { dispositionCodeSchema, opaqueIdSchema, queueKeySchema } from '@parley/contracts';
import { z } from 'zod';
import type { RoutingPolicy } from '../load/conversation-weight.ts';

const DAY_SECONDS = 86_400;

/** A tenant's routing rules beyond its queues; every field has a default, so a tenant routes before anyone sets them. */
export const routingSettingsSchema = z.strictObject({
  /** How long an agent has to accept an offer before it goes to the next agent. */
  offerTimeoutSeconds: z.number().int().min(2).max(600).default(30),
  /** What an SMS conversation weighs once its customer has been silent `waitingOnCustomerAfterSeconds`. */
  waitingOnCustomerWeight: z.number().min(0).max(1).default(0.5),
  waitingOnCustomerAfterSeconds: z.number().int().min(1).max(DAY_SECONDS).default(300),
  /** How long after a close a returning customer goes first to the agent they last spoke with; 0 turns it off. */
  stickyWindowSeconds: z.number().int().min(0).max(30 * DAY_SECONDS).default(DAY_SECONDS),
  /** How long an agent may be offline or without their desk before their conversations are re-queued. */
  unavailableGraceSeconds: z.number().int().min(0).max(3_600).default(60),
  /** The disposition codes agents close with; empty lets any well-formed code through. */
  dispositions: z.array(dispositionCodeSchema).max(100).default([]),
});

export type RoutingSettings = z.output<typeof routingSettingsSchema>;

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = routingSettingsSchema.parse({});

export function policyOf(settings: RoutingSettings): RoutingPolicy {
  return { waitingOnCustomerWeight: settings.waitingOnCustomerWeight, waitingOnCustomerAfterSeconds: settings.waitingOnCustomerAfterSeconds };
}

/** The most conversations' worth of capacity an agent can be given; far beyond what a person can follow. */
export const MAX_AGENT_CAPACITY = 20;

/** An agent's routing profile, as an administrator sets it. */
export const agentProfileSchema = z.strictObject({
  displayName: z.string().trim().min(1).max(80),
  queues: z.array(queueKeySchema).min(1).max(50).refine((queues) => new Set(queues).size === queues.length, 'queues must not repeat'),
  /** In SMS conversations; fractional capacities are allowed (a trainee at 1.5). */
  capacity: z.number().positive().max(MAX_AGENT_CAPACITY),
  /** Offers become assignments at once, for agents who take whatever comes. */
  autoAccept: z.boolean().default(false),
});

export type AgentProfile = z.output<typeof agentProfileSchema>;

export const agentIdSchema = opaqueIdSchema;
