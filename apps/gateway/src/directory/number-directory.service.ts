import { Inject, Injectable } from '@nestjs/common';
import { DirectoryRepository, type BusinessNumber } from '@parley/gateway-data-access';
import { APP_CONFIG } from '@parley/platform/config';
import type { GatewayConfig } from '../config.ts';

export type RoutedNumber = BusinessNumber & { tenantActive: boolean };

/**
 * Resolves the business number a carrier webhook names, from a short-lived cache so the webhook path does not
 * wait on the directory table; changes made through another instance show up within the cache period.
 */
@Injectable()
export class NumberDirectoryService {
  readonly #cache = new Map<string, { number: RoutedNumber | undefined; expiresAt: number }>();
  readonly #ttlMs: number;

  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) config: GatewayConfig,
  ) {
    this.#ttlMs = config.edge.directoryCacheMs;
  }

  async resolve(e164: string): Promise<RoutedNumber | undefined> {
    const cached = this.#cache.get(e164);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.number;
    }
    const number = await this.directory.findActiveNumberByE164(e164);
    if (this.#ttlMs > 0) {
      this.#cache.set(e164, { number, expiresAt: Date.now() + this.#ttlMs });
    }
    return number;
  }

  forget(e164: string): void {
    this.#cache.delete(e164);
  }

  forgetAll(): void {
    this.#cache.clear();
  }
}
