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
 * The Node flags every service runs with, locally and in its image. A small young generation keeps an idle
 * service's resident memory low; source maps make stack traces point at the TypeScript.
 */
export const SERVICE_NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=2'];

export function serviceCommand(repoRoot: string, service: ServiceName): string[] {
  return [...SERVICE_NODE_FLAGS, join(repoRoot, 'apps', service, 'dist', 'main.js')];
}
