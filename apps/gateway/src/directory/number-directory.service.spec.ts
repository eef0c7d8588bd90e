import type { DirectoryRepository } from '@parley/gateway-data-access';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GatewayConfig } from '../config.ts';
import { NumberDirectoryService, type RoutedNumber } from './number-directory.service.ts';

const E164 = '+14155550100';
const TTL_MS = 10_000;

function routed(label: string): RoutedNumber {
  return { id: 'num_1', tenantId: 'ten_1', e164: E164, label, smsEnabled: true, tenantActive: true } as unknown as RoutedNumber;
}

/** A directory whose lookups the test answers by hand, counting them. */
function directory() {
  const lookups: Array<{ resolve: (number: RoutedNumber | undefined) => void; reject: (error: Error) => void }> = [];
  const repository = {
    findActiveNumberByE164: () =>
      new Promise<RoutedNumber | undefined>((resolve, reject) => {
        lookups.push({ resolve, reject });
      }),
  } as unknown as DirectoryRepository;
  return { repository, lookups };
}

function service(repository: DirectoryRepository, ttlMs = TTL_MS) {
  return new NumberDirectoryService(repository, { edge: { directoryCacheMs: ttlMs } } as unknown as GatewayConfig);
}

/** A service that has looked the number up once, as 'first'. */
async function cachedOnce() {
  const { repository, lookups } = directory();
  const numbers = service(repository);
  const first = numbers.resolve(E164);
  lookups[0]?.resolve(routed('first'));
  await first;
  return { numbers, lookups };
}

describe('NumberDirectoryService', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('looks a number up once however many webhooks need it meanwhile, then answers from the cache', async () => {
    const { repository, lookups } = directory();
    const numbers = service(repository);
    const waiting = [numbers.resolve(E164), numbers.resolve(E164), numbers.resolve(E164)];
    expect(lookups).toHaveLength(1);
    lookups[0]?.resolve(routed('first'));
    expect((await Promise.all(waiting)).map((number) => number?.label)).toEqual(['first', 'first', 'first']);
    expect((await numbers.resolve(E164))?.label).toBe('first');
    expect(lookups).toHaveLength(1);
  });

  it('answers with an expired entry for one more period while a single lookup refreshes it', async () => {
    const { numbers, lookups } = await cachedOnce();
    vi.advanceTimersByTime(TTL_MS + 1);
    expect((await numbers.resolve(E164))?.label).toBe('first');
    expect((await numbers.resolve(E164))?.label).toBe('first');
    expect(lookups).toHaveLength(2);
    lookups[1]?.resolve(routed('renamed'));
    await Promise.resolve();
    expect((await numbers.resolve(E164))?.label).toBe('renamed');
    expect(lookups).toHaveLength(2);
  });

  it('waits for the lookup when the entry is older than two periods', async () => {
    const { numbers, lookups } = await cachedOnce();
    vi.advanceTimersByTime(2 * TTL_MS + 1);
    const again = numbers.resolve(E164);
    expect(lookups).toHaveLength(2);
    lookups[1]?.resolve(undefined);
    expect(await again).toBeUndefined();
  });

  it('keeps the expired entry when its background refresh fails, and tries again on the next webhook', async () => {
    const { numbers, lookups } = await cachedOnce();
    vi.advanceTimersByTime(TTL_MS + 1);
    expect((await numbers.resolve(E164))?.label).toBe('first');
    lookups[1]?.reject(new Error('database unavailable'));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await numbers.resolve(E164))?.label).toBe('first');
    expect(lookups).toHaveLength(3);
  });

  it('fails every webhook waiting on a failed first lookup and looks up again afterwards', async () => {
    const { repository, lookups } = directory();
    const numbers = service(repository);
    const waiting = [numbers.resolve(E164), numbers.resolve(E164)];
    lookups[0]?.reject(new Error('database unavailable'));
    for (const webhook of waiting) {
      await expect(webhook).rejects.toThrow('database unavailable');
    }
    const again = numbers.resolve(E164);
    expect(lookups).toHaveLength(2);
    lookups[1]?.resolve(routed('first'));
    expect((await again)?.label).toBe('first');
  });

  it('does not keep an answer that was in flight when the number was forgotten', async () => {
    const { repository, lookups } = directory();
    const numbers = service(repository);
    const inFlight = numbers.resolve(E164);
    numbers.forget(E164);
    lookups[0]?.resolve(routed('before the change'));
    expect((await inFlight)?.label).toBe('before the change');
    const after = numbers.resolve(E164);
    expect(lookups).toHaveLength(2);
    lookups[1]?.resolve(routed('after the change'));
    expect((await after)?.label).toBe('after the change');
  });

  it('looks up every time when caching is switched off', async () => {
    const { repository, lookups } = directory();
    const numbers = service(repository, 0);
    const first = numbers.resolve(E164);
    const second = numbers.resolve(E164);
    expect(lookups).toHaveLength(2);
    lookups[0]?.resolve(routed('first'));
    lookups[1]?.resolve(routed('first'));
    await Promise.all([first, second]);
  });
});
