import type { EngineWrite } from '@parley/reporting-data-access';
import { describe, expect, it } from 'vitest';
import { InputJournal } from './input-journal.ts';

const write = (sequence: number): EngineWrite => ({ inputs: [{ sequence, kind: 'tick', body: { now: new Date(sequence).toISOString() } }] });
const sequencesOf = (writes: readonly EngineWrite[]) => writes.flatMap((each) => each.inputs.map((input) => input.sequence));

/** A commit whose transactions the test finishes one at a time. */
function heldCommit() {
  const transactions: number[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  const commit = (writes: readonly EngineWrite[]) =>
    new Promise<void>((resolve, reject) => {
      transactions.push(sequencesOf(writes));
      finish.push((error) => (error ? reject(error) : resolve()));
    });
  const settle = async (error?: Error) => {
    finish.shift()?.(error);
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { transactions, commit, settle };
}

describe('InputJournal', () => {
  it('commits what arrives while a transaction is in flight together in the next one, in order', async () => {
    const { transactions, commit, settle } = heldCommit();
    const journal = new InputJournal(commit, () => undefined);
    const first = journal.append(write(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const later = [journal.append(write(2)), journal.append(write(3))];
    expect(transactions).toEqual([[1]]);
    await settle();
    await first;
    expect(transactions).toEqual([[1], [2, 3]]);
    await settle();
    await Promise.all(later);
    await journal.idle();
    expect(transactions).toEqual([[1], [2, 3]]);
  });

  it('puts writes appended in the same turn into one transaction', async () => {
    const { transactions, commit, settle } = heldCommit();
    const journal = new InputJournal(commit, () => undefined);
    const appended = [journal.append(write(1)), journal.append(write(2))];
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    await Promise.all(appended);
    expect(transactions).toEqual([[1, 2]]);
  });

  it('fails a failed write and every write after it, reports the failure once, then commits new writes', async () => {
    const { transactions, commit, settle } = heldCommit();
    const failures: unknown[] = [];
    const journal = new InputJournal(commit, (error) => failures.push(error));
    const failing = journal.append(write(1));
    await new Promise((resolve) => setTimeout(resolve, 0));
    const following = journal.append(write(2));
    await settle(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await expect(following).rejects.toThrow('connection lost');
    expect(failures).toHaveLength(1);
    await journal.idle();
    const after = journal.append(write(3));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await settle();
    await after;
    expect(transactions).toEqual([[1], [3]]);
  });

  it('is idle only once the writes appended so far are committed', async () => {
    const { commit, settle } = heldCommit();
    const journal = new InputJournal(commit, () => undefined);
    let idle = false;
    void journal.append(write(1));
    const waiting = journal.idle().then(() => {
      idle = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(idle).toBe(false);
    await settle();
    await waiting;
    expect(idle).toBe(true);
  });
});
