import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { generatePrismaClients } from './prisma-clients.ts';

/**
 * Generates the Prisma clients that changed, compiles every project in dependency order (incremental), then bundles
 * the web desk with Vite into apps/agent-desk/dist, which the gateway serves.
 */
export function buildAll(repoRoot: string): void {
  generatePrismaClients(repoRoot);
  const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-b', 'tsconfig.json'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error('the TypeScript build failed');
  }
  const desk = spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', join(repoRoot, 'apps', 'agent-desk')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (desk.status !== 0) {
    throw new Error('the desk build failed');
  }
}

if (import.meta.main) {
  const started = performance.now();
  buildAll(process.cwd());
  process.stdout.write(`built in ${Math.round(performance.now() - started)} ms\n`);
}
