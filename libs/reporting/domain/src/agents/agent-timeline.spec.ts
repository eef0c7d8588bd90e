import { describe, expect, it } from 'vitest';
import { ANA, EventScript, at } from '../../test/scripted-day.ts';
import { readEnvelope, type AgentEvent } from '../intake/reported-events.ts';
import type { HoldSpan } from '../rows/row-contributions.ts';
import { agentStateAt, agentTimeFigures } from './agent-timeline.ts';

const ms = (time: string) => Date.parse(at(time));
const MINUTE = 60_000;

function agentEvents(script: EventScript): AgentEvent[] {
  return script.events.map((envelope) => {
    const intake = readEnvelope(envelope, 0);
    if (intake.kind !== 'agent') {
      throw new Error(`not an agent event: ${intake.kind}`);
    }
    return intake.event;
  });
}

/** The figures counted second by second, for times on whole seconds: slow, but plainly what the definition says. */
function countedBySecond(events: readonly AgentEvent[], spans: readonly HoldSpan[], start: number, end: number) {
  const figures = { staffedMs: 0, availableMs: 0, conversationMs: 0, occupiedMs: 0 };
  for (let second = start; second < end; second += 1000) {
    const payload = agentStateAt(events, second)?.payload;
    const held = spans.filter((span) => span.from <= second && (span.to === null || span.to > second)).length;
    const available = payload !== undefined && payload.active && payload.presence === 'available';
    if ((payload !== undefined && payload.active && payload.presence !== 'offline') || held > 0) {
      figures.staffedMs += 1000;
    }
    figures.conversationMs += held * 1000;
    if (available) {
      figures.availableMs += 1000;
      figures.occupiedMs += (payload.onCall ? 1 : Math.min(1, held / payload.capacity)) * 1000;
    }
  }
  return figures;
}

describe("an agent's time over an interval", () => {
  it('integrates presence and conversations held, an instant shared by an event and a span counted once', () => {
    const script = new EventScript();
    script.agentState(ANA, '09:00:00', 'available', 2);
    script.agentState(ANA, '09:05:00', 'away', 2);
    script.agentState(ANA, '09:10:00', 'available', 2);
    const events = agentEvents(script);
    const spans = [
      { agentId: ANA, from: ms('09:02:00'), to: ms('09:08:00') },
      { agentId: ANA, from: ms('09:05:00'), to: null },
    ];
    // 09:00–02 free, 02–05 one of two, 05–08 away with two, 08–10 away with one, 10–15 one of two.
    expect(agentTimeFigures(events, spans, ms('09:00:00'), ms('09:15:00'))).toEqual({
      staffedMs: 15 * MINUTE,
      availableMs: 10 * MINUTE,
      conversationMs: 16 * MINUTE,
      occupiedMs: 4 * MINUTE,
    });
    expect(agentTimeFigures(events, spans, ms('09:15:00'), ms('09:30:00'))).toEqual({ staffedMs: 15 * MINUTE, availableMs: 15 * MINUTE, conversationMs: 15 * MINUTE, occupiedMs: 7.5 * MINUTE });
    expect(agentTimeFigures([], [], ms('09:00:00'), ms('09:15:00'))).toEqual({ staffedMs: 0, availableMs: 0, conversationMs: 0, occupiedMs: 0 });
  });

  it('agrees with a second-by-second count over many overlapping spans, events and interval edges', () => {
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % below;
    };
    const clock = (second: number): string => `09:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`;
    for (let round = 0; round < 20; round += 1) {
      const script = new EventScript();
      const presences = ['available', 'away', 'offline'] as const;
      const seconds = [...new Set(Array.from({ length: 8 }, () => random(45 * 60)))].sort((left, right) => left - right);
      for (const second of seconds) {
        script.agentState(ANA, clock(second), presences[random(3)] as (typeof presences)[number], 1 + random(4));
      }
      const spans: HoldSpan[] = Array.from({ length: 60 }, () => {
        const from = ms('09:00:00') + random(45 * 60) * 1000;
        return { agentId: ANA, from, to: random(5) === 0 ? null : from + random(20 * 60) * 1000 };
      });
      const events = agentEvents(script);
      for (const [start, end] of [['09:00:00', '09:15:00'], ['09:15:00', '09:30:00'], ['09:30:00', '09:45:00']] as const) {
        expect(agentTimeFigures(events, spans, ms(start), ms(end))).toEqual(countedBySecond(events, spans, ms(start), ms(end)));
      }
    }
  });
});
