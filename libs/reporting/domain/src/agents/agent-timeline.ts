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
  // One sweep over the instants where something changes: an agent can hold a thousand spans in a busy interval, and
  // recounting them at every instant made each refresh quadratic in them.
  const instants: number[] = [];
  const heldChanges = new Map<number, number>();
  const change = (instant: number, delta: number): void => {
    const before = heldChanges.get(instant);
    if (before === undefined) {
      instants.push(instant);
    }
    heldChanges.set(instant, (before ?? 0) + delta);
  };
  let held = 0;
  for (const span of spans) {
    if (span.from >= end || (span.to !== null && span.to <= start)) {
      continue;
    }
    if (span.from <= start) {
      held += 1;
    } else {
      change(span.from, 1);
    }
    if (span.to !== null && span.to < end) {
      change(span.to, -1);
    }
  }
  for (const event of events) {
    if (event.at > start && event.at < end) {
      change(event.at, 0);
    }
  }
  instants.sort((left, right) => left - right);
  instants.push(end);
  let staffedMs = 0;
  let availableMs = 0;
  let conversationMs = 0;
  let occupiedMs = 0;
  let next = 0;
  let lastEvent: AgentEvent | null = null;
  let from = start;
  for (const to of instants) {
    while (next < events.length && (events[next] as AgentEvent).at <= from) {
      lastEvent = events[next] as AgentEvent;
      next += 1;
    }
    const state = lastEvent ? stateAfter(lastEvent) : LOGGED_OUT;
    const duration = to - from;
    if (state.staffed || held > 0) {
      staffedMs += duration;
    }
    conversationMs += held * duration;
    if (state.available) {
      availableMs += duration;
      occupiedMs += (state.onCall ? 1 : Math.min(1, held / state.capacity)) * duration;
    }
    held += heldChanges.get(to) ?? 0;
    from = to;
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
