import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildAll } from '../build/build.ts';

// The whole gate, in the order that fails fastest: types, lint, build (the end-to-end tests run the built
// services), then every test tier; vitest's global setup starts Kafka and PostgreSQL for the integration tier.
const repoRoot = process.cwd();
const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
const timings: [string, number][] = [];

function step(name: string, work: () => void): void {
  const started = performance.now();
  process.stdout.write(`\n[parley test] ${name}\n`);
  work();
  timings.push([name, Math.round(performance.now() - started)]);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`\n[parley test] failed: ${command.split('/').at(-1)} ${args.join(' ')}\n`);
    process.exit(result.status ?? 1);
  }
}

const vitestArgs = process.argv.slice(2);
const only = vitestArgs.length > 0;
if (!only) {
  step('typecheck', () => {
    run(bin('tsc'), ['-p', 'tsconfig.check.json']);
    run(bin('tsc'), ['-p', 'apps/agent-desk/tsconfig.json']);
  });
  step('lint', () => {
    run(bin('nx'), ['show', 'projects', '--json']);
    run(bin('eslint'), ['--max-warnings=0', '.']);
  });
}
step('build', () => buildAll(repoRoot));
// The browser tests drive Debian's chromium, installed by the script when the machine has none.
if (process.env['CHROMIUM_PATH'] === undefined) {
  const chromium = spawnSync('sh', [join(repoRoot, 'tools', 'toolchain', 'chromium.sh')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (chromium.status === 0) {
    process.env['CHROMIUM_PATH'] = chromium.stdout.trim();
  }
}
step('tests', () => run(bin('vitest'), ['run', ...vitestArgs]));
process.stdout.write(`\n[parley test] passed: ${timings.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(', ')}\n`);
