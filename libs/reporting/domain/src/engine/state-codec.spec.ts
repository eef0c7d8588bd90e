import type { EventDefinition, EventOf } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { at, scriptedMorning } from '../../test/scripted-day.ts';
import { liveFigures } from '../live/live-figures.ts';
import type { ReportRow } from '../rows/report-rows.ts';
import { advanceWatermark, applyEvent, createReportingState, stateSize, type ReportingOptions, type ReportingState } from './reporting-engine.ts';
import { decodeReportingState, encodeReportingState, REPORTING_STATE_FORMAT, ReportingStateFormatError } from './state-codec.ts';

type Step = { kind: 'event'; event: EventOf<EventDefinition> } | { kind: 'tick'; now: string };

const OPTIONS: ReportingOptions = { serviceLevelSeconds: (_tenant, queue) => (queue === 'sales' ? 30 : 60) };

/** The scripted morning as a service would feed it: its events in order, with a publication every few minutes. */
function morningSteps(): Step[] {
  const steps: Step[] = [];
  let nextTick = at('09:05:00');
  for (const event of scriptedMorning().events) {
    while (event.occurredAt > nextTick) {
      steps.push({ kind: 'tick', now: nextTick });
      nextTick = new Date(Date.parse(nextTick) + 5 * 60_000).toISOString();
    }
    steps.push({ kind: 'event', event });
  }
  for (const now of ['09:50:00', '10:05:00', '10:40:00']) {
    steps.push({ kind: 'tick', now: at(now) });
  }
  return steps;
}

/** Runs the steps, swapping the engine for one decoded from its snapshot before each step in `restartAt`. */
function run(steps: readonly Step[], restartAt: ReadonlySet<number> = new Set()): { outcomes: string[]; publications: ReportRow[][]; state: ReportingState } {
  let state = createReportingState(OPTIONS);
  const outcomes: string[] = [];
  const publications: ReportRow[][] = [];
  steps.forEach((step, index) => {
    if (restartAt.has(index)) {
      state = decodeReportingState(encodeReportingState(state), OPTIONS);
    }
    if (step.kind === 'event') {
      outcomes.push(applyEvent(state, step.event).outcome);
    } else {
      publications.push([...advanceWatermark(state, new Date(step.now)).rows]);
    }
  });
  return { outcomes, publications, state };
}

describe('the state codec', () => {
  const steps = morningSteps();
  const uninterrupted = run(steps);

  it('has publications to compare: provisional and final rows of every kind', () => {
    const rows = uninterrupted.publications.flat();
    expect(new Set(rows.map((row) => row.kind))).toEqual(new Set(['interval', 'agent-interval', 'conversation']));
    expect(rows.some((row) => row.row.revision > 1)).toBe(true);
    expect(rows.some((row) => !row.row.final)).toBe(true);
  });

  it.each([
    ['before the first event', [0]],
    ['mid-morning', [Math.floor(steps.length / 3)]],
    ['after every step', steps.map((_step, index) => index)],
  ])('restores an engine that carries on exactly as the original (%s)', (_name, restarts) => {
    const restarted = run(steps, new Set(restarts));
    expect(restarted.outcomes).toEqual(uninterrupted.outcomes);
    expect(restarted.publications).toEqual(uninterrupted.publications);
    expect(stateSize(restarted.state)).toEqual(stateSize(uninterrupted.state));
  });

  it('keeps what the live view reads: waiting conversations, calls and agents', () => {
    const cut = steps.findIndex((step) => step.kind === 'event' && step.event.occurredAt >= at('09:20:00'));
    const state = run(steps.slice(0, cut)).state;
    const now = new Date(at('09:20:00'));
    const live = liveFigures(state, 'tenant-acme-01', now);
    expect(live.agents.length).toBeGreaterThan(0);
    expect(liveFigures(decodeReportingState(encodeReportingState(state), OPTIONS), 'tenant-acme-01', now)).toEqual(live);
  });

  it('keeps a watermark that has not moved yet (minus infinity) and an empty engine', () => {
    const empty = createReportingState();
    const decoded = decodeReportingState(encodeReportingState(empty));
    expect(decoded.watermark).toBe(Number.NEGATIVE_INFINITY);
    expect(advanceWatermark(decoded, new Date(at('09:00:00'))).watermark).toBe(at('08:45:00'));
  });

  it('refuses a snapshot of another format', () => {
    const other = JSON.stringify({ format: REPORTING_STATE_FORMAT + 1, fields: {} });
    expect(() => decodeReportingState(other)).toThrow(ReportingStateFormatError);
    expect(() => decodeReportingState(JSON.stringify({ format: REPORTING_STATE_FORMAT, fields: { watermark: 0 } }))).toThrow(/without lastNow/);
  });
});
