import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only.ts';

/** A send whose answers the test releases one at a time. */
function heldSend() {
  const sent: string[] = [];
  const answers: Array<() => void> = [];
  const send = (value: string) =>
    new Promise<void>((resolve) => {
      sent.push(value);
      answers.push(resolve);
    });
  const answerNext = async () => {
    answers.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { sent, send, answerNext };
}

describe('latestOnly', () => {
  it('waits for the value in flight, then sends only the latest value asked for meanwhile', async () => {
    const { sent, send, answerNext } = heldSend();
    const submit = latestOnly(send);
    const first = submit('away');
    void submit('available');
    const last = submit('offline');
    expect(sent).toEqual(['away']);
    await answerNext();
    expect(sent).toEqual(['away', 'offline']);
    await answerNext();
    await Promise.all([first, last]);
    expect(sent).toEqual(['away', 'offline']);
  });

  it('sends again once idle', async () => {
    const { sent, send, answerNext } = heldSend();
    const submit = latestOnly(send);
    const first = submit('away');
    await answerNext();
    await first;
    const second = submit('available');
    await answerNext();
    await second;
    expect(sent).toEqual(['away', 'available']);
  });

  it('lets a failed send reject its callers and still sends what is asked for next', async () => {
    const sent: string[] = [];
    const submit = latestOnly(async (value: string) => {
      sent.push(value);
      if (value === 'bad') {
        throw new Error('refused');
      }
    });
    await expect(submit('bad')).rejects.toThrow('refused');
    await submit('available');
    expect(sent).toEqual(['bad', 'available']);
  });

  it('does not fail when a newer value sent after a failed one went through', async () => {
    const sent: string[] = [];
    let release: () => void = () => undefined;
    const submit = latestOnly(async (value: string) => {
      sent.push(value);
      if (value === 'bad') {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        throw new Error('refused');
      }
    });
    const first = submit('bad');
    const second = submit('available');
    release();
    await Promise.all([first, second]);
    expect(sent).toEqual(['bad', 'available']);
  });
});
