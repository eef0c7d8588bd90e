import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every service's data-access library with a Prisma schema, relative to the repository root. */
export function prismaSchemas(repoRoot: string): string[] {
  return readdirSync(join(repoRoot, 'libs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join('libs', entry.name, 'data-access', 'prisma', 'schema.prisma'))
    .filter((path) => existsSync(join(repoRoot, path)))
    .sort();
}

/**
 * Generates each Prisma client when its schema changed since the last generation. Generation needs no native
 * engine; the schema-engine variable points at a stub so the CLI does not try to download one.
 */
export function generatePrismaClients(repoRoot: string, options: { force?: boolean } = {}): string[] {
  const generated: string[] = [];
  for (const schema of prismaSchemas(repoRoot)) {
    const libRoot = join(repoRoot, schema, '..', '..');
    const output = join(libRoot, 'src', 'generated', 'prisma');
    const stamp = join(output, '.schema.sha256');
    const text = readFileSync(join(repoRoot, schema));
    // A service that sends only its own SQL keeps a schema for its tables but generates no client from it.
    if (!/^generator\s/m.test(text.toString('utf8'))) {
      continue;
    }
    const hash = createHash('sha256').update(text).digest('hex');
    if (!options.force && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
      continue;
    }
    const result = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', schema],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: join(repoRoot, 'tools', 'prisma', 'schema-engine-unavailable.sh'),
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          CHECKPOINT_DISABLE: '1',
        },
      },
    );
    if (result.status !== 0) {
      throw new Error(`prisma generate failed for ${schema}:\n${result.stdout}\n${result.stderr}`);
    }
    writeFileSync(stamp, hash);
    generated.push(schema);
  }
  return generated;
}

if (import.meta.main) {
  const generated = generatePrismaClients(process.cwd(), { force: process.argv.includes('--force') });
  process.stdout.write(generated.length ? `generated ${generated.join(', ')}\n` : 'Prisma clients are up to date\n');
}
