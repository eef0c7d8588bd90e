import { Inject, Injectable } from '@nestjs/common';
import { DirectoryRepository, type BusinessNumber } from '@parley/gateway-data-access';
import { APP_CONFIG } from '@parley/platform/config';
import type { GatewayConfig } from '../config.ts';

export type RoutedNumber = BusinessNumber & { tenantActive: boolean };

interface CacheEntry {
  number: RoutedNumber | undefined;
  expiresAt: number;
  /** The one lookup running for this number, shared by every webhook that needs it meanwhile. */
  refresh?: Promise<RoutedNumber | undefined>;
}

/** Past this many numbers, expired entries are dropped as new ones arrive, so unknown numbers cannot pile up. */
const PRUNE_ABOVE_ENTRIES = 10_000;

/**
 * Resolves the business number a carrier webhook names, from a short-lived cache so the webhook path does not
 * wait on the directory table. When an entry expires, one lookup refreshes it in the background while webhooks
 * go on with the expired answer for at most one more period; a number not seen within two periods is looked up
 * once, however many webhooks arrive meanwhile. Changes made through another instance therefore show up within
 * the cache period and one lookup.
 */
@Injectable()
export class NumberDirectoryService {
  readonly #cache = new Map<string, CacheEntry>();
  readonly #ttlMs: number;

  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.#ttlMs = config.edge.directoryCacheMs;
  }

  async resolve(e164: string): Promise<RoutedNumber | undefined> {
    if (this.#ttlMs <= 0) {
      return this.directory.findActiveNumberByE164(e164);
    }
    const now = Date.now();
    const cached = this.#cache.get(e164);
    if (cached && cached.expiresAt > now) {
      return cached.number;
    }
    if (cached && cached.expiresAt + this.#ttlMs > now) {
      // A failed background refresh leaves the entry as it was; the next webhook tries again.
      this.#lookUp(e164, cached).catch(() => undefined);
      return cached.number;
    }
    return this.#lookUp(e164, cached);
  }

  forget(e164: string): void {
    this.#cache.delete(e164);
  }

  forgetAll(): void {
    this.#cache.clear();
  }

  #lookUp(e164: string, cached: CacheEntry | undefined): Promise<RoutedNumber | undefined> {
    if (cached?.refresh) {
      return cached.refresh;
    }
    const entry: CacheEntry = cached ?? { number: undefined, expiresAt: 0 };
    const refresh = this.directory.findActiveNumberByE164(e164).then(
      (number) => {
        // Forgotten meanwhile (an admin change on this instance): the answer may predate the change, so drop it.
        if (this.#cache.get(e164) === entry) {
          entry.number = number;
          entry.expiresAt = Date.now() + this.#ttlMs;
          entry.refresh = undefined;
        }
        return number;
      },
      (error: unknown) => {
        entry.refresh = undefined;
        if (this.#cache.get(e164) === entry && entry.expiresAt === 0) {
          this.#cache.delete(e164);
        }
        throw error;
      },
    );
    entry.refresh = refresh;
    if (!cached) {
      this.#prune();
      this.#cache.set(e164, entry);
    }
    return refresh;
  }

  #prune(): void {
    if (this.#cache.size < PRUNE_ABOVE_ENTRIES) {
      return;
    }
    const now = Date.now();
    for (const [e164, entry] of this.#cache) {
      if (entry.expiresAt + this.#ttlMs <= now && !entry.refresh) {
        this.#cache.delete(e164);
      }
    }
  }
}
