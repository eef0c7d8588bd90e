import { describe, expect, it } from 'vitest';
import { ANA, EventScript, at } from '../../test/scripted-day.ts';
import { readEnvelope, type AgentEvent } from '../intake/reported-events.ts';
import { agentTimeFigures } from './agent-timeline.ts';

const ms = (time: string) => Date.parse(at(time));
const MINUTE = 60_000;

describe("an agent's time over an interval", () => {
  it('integrates presence and conversations held, an instant shared by an event and a span counted once', () => {
    const script = new EventScript();
    script.agentState(ANA, '09:00:00', 'available', 2);
    script.agentState(ANA, '09:05:00', 'away', 2);
    script.agentState(ANA, '09:10:00', 'available', 2);
    const events = script.events.map((envelope) => {
      const intake = readEnvelope(envelope, 0);
      if (intake.kind !== 'agent') {
        throw new Error(`not an agent event: ${intake.kind}`);
      }
      return intake.event;
    }) satisfies AgentEvent[];
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
});
