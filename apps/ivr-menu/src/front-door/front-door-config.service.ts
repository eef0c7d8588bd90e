import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { FrontDoorConfigRepository } from '@parley/ivr-menu-data-access';
import { validateMenu, type FrontDoorSettings, type QueueSchedule, type ScheduleLookup } from '@parley/ivr-menu-domain';
import { APP_CONFIG } from '@parley/platform/config';
import type { IvrMenuConfig } from '../config.ts';
import { defaultTexts, frontDoorSettingsSchema, queueScheduleSchema } from './front-door-settings.ts';

interface Cached<T> {
  value: T;
  expiresAt: number;
}

/** The queue a number without any front-door settings uses. */
const DEFAULT_QUEUE = 'general';

/**
 * Front-door configuration for the hot path, read through a short cache: a saved change reaches every instance within
 * the cache period. Everything stored was validated when saved; it is parsed again here so a bad row fails loudly.
 */
@Injectable()
export class FrontDoorConfigService {
  readonly #settings = new Map<string, Cached<FrontDoorSettings>>();
  readonly #schedules = new Map<string, Cached<Map<string, QueueSchedule>>>();
  readonly #cacheMs: number;

  constructor(
    private readonly repository: FrontDoorConfigRepository,
    @Inject(APP_CONFIG) config: IvrMenuConfig,
  ) {
    this.#cacheMs = config.frontDoor.configCacheMs;
  }

  async settingsFor(tenantId: string, businessNumberId: string): Promise<FrontDoorSettings> {
    const key = `${tenantId}\u0000${businessNumberId}`;
    const cached = this.#settings.get(key);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.value;
    }
    const value = await this.#loadSettings(tenantId, businessNumberId);
    this.#settings.set(key, { value, expiresAt: Date.now() + this.#cacheMs });
    return value;
  }

  async scheduleLookup(tenantId: string): Promise<ScheduleLookup> {
    const cached = this.#schedules.get(tenantId);
    let schedules = cached && cached.expiresAt > Date.now() ? cached.value : undefined;
    if (!schedules) {
      const stored = await this.repository.findSchedules(tenantId);
      schedules = new Map([...stored].map(([queue, row]) => [queue, queueScheduleSchema.parse(row.value)]));
      this.#schedules.set(tenantId, { value: schedules, expiresAt: Date.now() + this.#cacheMs });
    }
    const found = schedules;
    return (queue) => found.get(queue);
  }

  /** Forgets cached configuration after a save through this instance. */
  invalidate(tenantId: string): void {
    for (const key of this.#settings.keys()) {
      if (key.startsWith(`${tenantId}\u0000`)) {
        this.#settings.delete(key);
      }
    }
    this.#schedules.delete(tenantId);
  }

  async #loadSettings(tenantId: string, businessNumberId: string): Promise<FrontDoorSettings> {
    const stored = await this.repository.findFrontDoor(tenantId, businessNumberId);
    if (!stored) {
      // A number nobody configured still gets a working front door: straight to one queue, generic texts.
      return { businessName: '', queue: DEFAULT_QUEUE, texts: defaultTexts(undefined) };
    }
    const settings = frontDoorSettingsSchema.parse(stored.value);
    const texts = { ...defaultTexts(settings.businessName), ...settings.texts };
    if (!settings.menuId) {
      return { businessName: settings.businessName, queue: settings.queue, texts };
    }
    const menu = await this.repository.findMenu(tenantId, settings.menuId);
    const checked = menu ? validateMenu(menu.value) : undefined;
    if (!menu || !checked?.ok) {
      throw new DomainError('unavailable', 'front-door.menu-missing', `menu ${settings.menuId} of number ${businessNumberId} is missing or invalid`);
    }
    return {
      businessName: settings.businessName,
      queue: settings.queue,
      texts,
      menu: { id: settings.menuId, version: menu.version, definition: checked.menu },
    };
  }
}
