import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderArtifacts } from './artifacts.ts';

const repoRoot = process.cwd();
const artifacts = renderArtifacts();
const schemaDir = join(repoRoot, 'libs/contracts/json-schema');
// Schemas of events that no longer exist are removed, so the folder always equals the catalog.
const wanted = new Set(artifacts.map((artifact) => artifact.path));
for (const file of readdirSync(schemaDir, { withFileTypes: true }).filter((entry) => entry.isFile())) {
  if (!wanted.has(`libs/contracts/json-schema/${file.name}`)) {
    rmSync(join(schemaDir, file.name));
  }
}
for (const artifact of artifacts) {
  mkdirSync(dirname(join(repoRoot, artifact.path)), { recursive: true });
  writeFileSync(join(repoRoot, artifact.path), artifact.content);
}
process.stdout.write(`wrote ${artifacts.length} generated files\n`);
