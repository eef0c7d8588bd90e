import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@parley/platform/config';
import type { GatewayConfig } from '../config.ts';

/**
 * The origins desk requests may come from: the gateway's own public URL and any listed in PARLEY_DESK_ORIGINS (a
 * development server). Browsers send `Origin` on cross-site requests and WebSocket upgrades, so checking it stops
 * other sites from using a signed-in desk's cookie.
 */
@Injectable()
export class OriginPolicy {
  readonly #allowed: ReadonlySet<string>;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    this.#allowed = new Set([config.edge.publicUrl, ...config.desk.extraOrigins].map((url) => new URL(url).origin));
  }

  /** A request without `Origin` (same-origin GETs, tools) passes; one with it must name an allowed origin. */
  allows(origin: string | undefined): boolean {
    return origin === undefined || this.#allowed.has(origin);
  }

  /** WebSocket upgrades from browsers always carry `Origin`; one without it is not a browser desk. */
  allowsUpgrade(origin: string | undefined): boolean {
    return origin !== undefined && this.#allowed.has(origin);
  }
}
