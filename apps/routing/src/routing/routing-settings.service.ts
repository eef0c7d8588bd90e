import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@parley/platform/config';
import { RoutingRepository } from '@parley/routing-data-access';
import type { RoutingSettings } from '@parley/routing-domain';
import type { RoutingConfig } from '../config.ts';

/** Tenants' routing settings for the hot path, through a short cache: a saved change reaches every instance within it. */
@Injectable()
export class RoutingSettingsService {
  readonly #cache = new Map<string, { value: RoutingSettings; expiresAt: number }>();
  readonly #cacheMs: number;

  constructor(
    private readonly repository: RoutingRepository,
    @Inject(APP_CONFIG) config: RoutingConfig,
  ) {
    this.#cacheMs = config.routing.configCacheMs;
  }

  async settingsOf(tenantId: string): Promise<RoutingSettings> {
    const cached = this.#cache.get(tenantId);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.value;
    }
    const value = await this.repository.settings(tenantId);
    this.#cache.set(tenantId, { value, expiresAt: Date.now() + this.#cacheMs });
    return value;
  }

  async save(tenantId: string, settings: RoutingSettings): Promise<void> {
    await this.repository.saveSettings(tenantId, settings);
    this.#cache.delete(tenantId);
  }
}
