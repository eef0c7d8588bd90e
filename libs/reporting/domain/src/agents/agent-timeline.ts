import type { AgentEvent } from '../intake/reported-events.ts';
import { sameFigure, type HoldSpan } from '../rows/row-contributions.ts';

/** Time-weighted figures of one agent over one interval, in ms. */
export interface AgentTimeFigures {
  /** Logged in (available or away, active) or holding at least one conversation. */
  readonly staffedMs: number;
  /** Presence `available` while active. */
  readonly availableMs: number;
  /** Conversations held × time: the integral of the number held. */
  readonly conversationMs: number;
  /** While available: share of capacity in use × time (a call fills the whole capacity). */
  readonly occupiedMs: number;
}

interface AgentState {
  readonly staffed: boolean;
  readonly available: boolean;
  readonly onCall: boolean;
  readonly capacity: number;
}

const LOGGED_OUT: AgentState = { staffed: false, available: false, onCall: false, capacity: 1 };

function stateAfter(event: AgentEvent): AgentState {
  const { presence, active, onCall, capacity } = event.payload;
  return { staffed: active && presence !== 'offline', available: active && presence === 'available', onCall, capacity };
}

/** The agent's state at an instant: the last state event at or before it, or logged out before any. */
export function agentStateAt(events: readonly AgentEvent[], at: number): AgentEvent | null {
  let last: AgentEvent | null = null;
  for (const event of events) {
    if (event.at > at) {
      break;
    }
    last = event;
  }
  return last;
}

/**
 * Integrates an agent's state over [start, end): state events (sorted) say presence, capacity and calls; hold spans
 * say how many conversations the agent held. The last known state is taken to last to `end`.
 */
export function agentTimeFigures(events: readonly AgentEvent[], spans: readonly HoldSpan[], start: number, end: number): AgentTimeFigures {
  const cuts = [start, end];
  for (const event of events) {
    if (event.at > start && event.at < end) {
      cuts.push(event.at);
    }
  }
  for (const span of spans) {
    if (span.from > start && span.from < end) {
      cuts.push(span.from);
    }
    if (span.to !== null && span.to > start && span.to < end) {
      cuts.push(span.to);
    }
  }
  cuts.sort((left, right) => left - right);
  let staffedMs = 0;
  let availableMs = 0;
  let conversationMs = 0;
  let occupiedMs = 0;
  // Events are in time order, so the state at each cut is found by walking on from the previous cut's.
  let next = 0;
  let lastEvent: AgentEvent | null = null;
  let index = 0;
  while (index + 1 < cuts.length) {
    const from = cuts[index] as number;
    let following = index + 1;
    while (following < cuts.length && cuts[following] === from) {
      following += 1;
    }
    if (following === cuts.length) {
      break;
    }
    const to = cuts[following] as number;
    index = following;
    const duration = to - from;
    while (next < events.length && (events[next] as AgentEvent).at <= from) {
      lastEvent = events[next] as AgentEvent;
      next += 1;
    }
    const state = lastEvent ? stateAfter(lastEvent) : LOGGED_OUT;
    let held = 0;
    for (const span of spans) {
      if (span.from <= from && (span.to === null || span.to > from)) {
        held += 1;
      }
    }
    if (state.staffed || held > 0) {
      staffedMs += duration;
    }
    conversationMs += held * duration;
    if (state.available) {
      availableMs += duration;
      occupiedMs += (state.onCall ? 1 : Math.min(1, held / state.capacity)) * duration;
    }
  }
  return { staffedMs, availableMs, conversationMs, occupiedMs };
}

/** Whether two agents' figures are the same, as their JSON would say (non-finite numbers all print as null). */
export function sameAgentTime(left: AgentTimeFigures, right: AgentTimeFigures): boolean {
  return (
    sameFigure(left.staffedMs, right.staffedMs) &&
    sameFigure(left.availableMs, right.availableMs) &&
    sameFigure(left.conversationMs, right.conversationMs) &&
    sameFigure(left.occupiedMs, right.occupiedMs)
  );
}

export function isIdleAgentTime(figures: AgentTimeFigures): boolean {
  return figures.staffedMs === 0 && figures.conversationMs === 0;
}
