import { join } from 'node:path';
import type { ServiceName } from '@parley/contracts';

export const SERVICE_PORTS: Record<ServiceName, number> = {
  gateway: 3000,
  'compliance-filter': 3001,
  'ivr-menu': 3002,
  routing: 3003,
  archive: 3004,
  reporting: 3005,
};

/**
 * The Node flags each service runs with, locally and in its image. A small young generation keeps an idle
 * service's resident memory under its 150 MB budget (the gateway with 16 MB measured 176 MB idle); source maps make
 * stack traces point at the TypeScript. Reporting is the exception: its engine allocates for every event it folds,
 * and with 2 MB it spent a quarter of its time collecting garbage, so it runs with 16 MB: 11,200 events/s against
 * 13,000 with 32 MB, and about 20 MB less resident memory idle. The gateway lets its old generation double before
 * the next full collection (V8 let it grow 10–20 % under this load): under 500 webhooks/s each full collection paused
 * the webhook for 10–27 ms every 10 s, and now comes about a fifth as often, for about 2 MB idle. A 4 MB young
 * generation, which promotes less, did as well for the webhook's tail but cost 6–7 MB idle, over the budget.
 */
export const SERVICE_NODE_FLAGS: Record<ServiceName, readonly string[]> = {
  gateway: ['--enable-source-maps', '--max-semi-space-size=2', '--heap-growing-percent=100'],
  'compliance-filter': ['--enable-source-maps', '--max-semi-space-size=2'],
  'ivr-menu': ['--enable-source-maps', '--max-semi-space-size=2'],
  routing: ['--enable-source-maps', '--max-semi-space-size=2'],
  archive: ['--enable-source-maps', '--max-semi-space-size=2'],
  reporting: ['--enable-source-maps', '--max-semi-space-size=16'],
};

/**
 * The C allocator settings every service runs with, locally and in its image. By default glibc gives each thread an
 * arena of its own and keeps freed memory for reuse; two arenas, and returning freed blocks over 128 KB at once, took
 * 4–7 MB off each idle service.
 */
export const SERVICE_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

export function serviceCommand(repoRoot: string, service: ServiceName): string[] {
  return [...SERVICE_NODE_FLAGS[service], join(repoRoot, 'apps', service, 'dist', 'main.js')];
}
