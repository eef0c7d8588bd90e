import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { findViolations } from '../../test/plan-violations.ts';
import { randomSnapshot, seededRandom, type SnapshotShape } from '../../test/random-snapshot.ts';
import { PlanningSession, planAssignments, type PlanningInput } from './assignment-planner.ts';

// Timings are printed rather than asserted, since a shared CI runner's speed says nothing about the code.

const TENANT: SnapshotShape = {
  queues: 20,
  agents: 1_000,
  waiting: 10_000,
  queuesPerAgent: [1, 3],
  capacities: [3],
  loads: [0],
  availableShare: 1,
  voiceShare: 0,
  preferredShare: 0,
  excludedShare: 0,
  overflowShare: 0,
  distinctAssignmentTimes: 50,
};

const SCENARIOS: ReadonlyArray<readonly [string, SnapshotShape]> = [
  ['an empty desk: every agent available with no load, SMS only', TENANT],
  [
    'a busy desk: 85% available, mixed loads, 10% voice, sticky and declined conversations, overflow',
    {
      ...TENANT,
      loads: [0, 0, 0.5, 1, 1.5, 2, 3],
      availableShare: 0.85,
      voiceShare: 0.1,
      preferredShare: 0.15,
      excludedShare: 0.15,
      overflowShare: 0.5,
    },
  ],
];

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
}

function milliseconds(value: number): string {
  return `${value.toFixed(4)} ms`;
}

/** Times each decision on its own through the planner's session, which planAssignments drives the same way. */
function timeDecisions(input: PlanningInput): { setupMs: number; decisionMs: number[]; assignmentMs: number[] } {
  const started = performance.now();
  const session = new PlanningSession(input);
  const setupMs = performance.now() - started;
  const decisionMs: number[] = [];
  const assignmentMs: number[] = [];
  for (;;) {
    const before = performance.now();
    const step = session.decideNext();
    const elapsed = performance.now() - before;
    if (step === 'done') {
      break;
    }
    decisionMs.push(elapsed);
    if (step !== 'waiting') {
      assignmentMs.push(elapsed);
    }
  }
  return { setupMs, decisionMs, assignmentMs };
}

describe.each(SCENARIOS)('planAssignments on 1,000 agents and 10,000 waiting conversations: %s', (label, shape) => {
  const input = randomSnapshot(seededRandom(2025), shape);

  it('plans correctly: nobody over capacity, nobody twice, in order, and nobody left waiting beside an agent with room', () => {
    const plan = planAssignments(input);

    expect(plan.length).toBeGreaterThan(1_000);
    expect(new Set(plan.map((assignment) => assignment.conversationId)).size).toBe(plan.length);
    expect(findViolations(input, plan)).toEqual([]);
    expect(planAssignments({ ...input, limit: 1 })).toEqual(plan.slice(0, 1));
    expect(planAssignments({ ...input, limit: 500 })).toEqual(plan.slice(0, 500));
  });

  it('prints how long planning takes', () => {
    const runs = Array.from({ length: 7 }, () => {
      const started = performance.now();
      const plan = planAssignments(input);
      return { totalMs: performance.now() - started, assignments: plan.length };
    });
    const first = runs[0]!;
    const warm = runs
      .slice(1)
      .map((run) => run.totalMs)
      .sort((a, b) => a - b);
    const medianMs = percentile(warm, 0.5);
    const { setupMs, decisionMs, assignmentMs } = timeDecisions(input);
    const singles = Array.from({ length: 200 }, () => {
      const started = performance.now();
      planAssignments({ ...input, limit: 1 });
      return performance.now() - started;
    }).sort((a, b) => a - b);
    const decisions = [...decisionMs].sort((a, b) => a - b);
    const assigned = [...assignmentMs].sort((a, b) => a - b);

    console.log(
      [
        `routing planner, ${label}`,
        `  ${first.assignments} assignments from ${input.waiting.length} waiting conversations and ${input.agents.length} agents`,
        `  whole plan: first run ${milliseconds(first.totalMs)}, warm median ${milliseconds(medianMs)} → ${Math.round(first.assignments / (medianMs / 1000)).toLocaleString('en-US')} assignments/s`,
        `  setup (overflow, ranking, agent heaps): ${milliseconds(setupMs)}`,
        `  per decision (${decisions.length}): p50 ${milliseconds(percentile(decisions, 0.5))}, p99 ${milliseconds(percentile(decisions, 0.99))}, max ${milliseconds(decisions.at(-1) ?? Number.NaN)}`,
        `  per assignment (${assigned.length}): p50 ${milliseconds(percentile(assigned, 0.5))}, p99 ${milliseconds(percentile(assigned, 0.99))}, max ${milliseconds(assigned.at(-1) ?? Number.NaN)}`,
        `  a whole plan with limit 1 (${singles.length} runs, setup included): p50 ${milliseconds(percentile(singles, 0.5))}, p99 ${milliseconds(percentile(singles, 0.99))}`,
      ].join('\n'),
    );
    expect(runs.every((run) => run.assignments === first.assignments)).toBe(true);
  });
});
