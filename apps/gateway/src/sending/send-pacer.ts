import { Inject, Injectable } from '@nestjs/common';
import type { NumberType } from '@parley/gateway-data-access';
import { APP_CONFIG } from '@parley/platform/config';
import type { GatewayConfig } from '../config.ts';

/**
 * Spaces sends from each business number to the rate its number type allows (carriers filter or queue faster
 * traffic). Per instance: with several gateway instances each paces its own share.
 */
@Injectable()
export class SendPacer {
  readonly #nextSlot = new Map<string, number>();
  readonly #rates: GatewayConfig['vonage']['ratePerSecond'];

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    this.#rates = config.vonage.ratePerSecond;
  }

  /** Resolves when `from` may send again, and books the next slot. */
  async acquire(from: string, numberType: NumberType): Promise<void> {
    const interval = 1000 / this.#rates[numberType];
    const now = Date.now();
    const slot = Math.max(now, this.#nextSlot.get(from) ?? 0);
    this.#nextSlot.set(from, slot + interval);
    if (slot > now) {
      await new Promise((resolve) => setTimeout(resolve, slot - now));
    }
  }

  /** After the carrier said "slow down", pushes this number's next slot past its Retry-After. */
  defer(from: string, delayMs: number): void {
    this.#nextSlot.set(from, Math.max(this.#nextSlot.get(from) ?? 0, Date.now() + delayMs));
  }
}
