// Recomputes a tenant's archive chains and checkpoints from the database and names the first broken link.
// Usage: npm run --silent archive:verify -- <tenantId> [conversationId]
// Exit codes: 0 verified, 1 broken, 2 usage, 78 configuration.
import { openArchivePool, ArchiveStore } from '@parley/archive-data-access/store';
import { ConfigError, loadConfig } from '@parley/platform/config';
import { archiveVerifyConfigSchema } from './config.ts';
import { ArchiveVerifier } from './integrity/archive-verifier.ts';

const [tenantId, conversationId] = process.argv.slice(2);
if (tenantId === undefined || tenantId.startsWith('-')) {
  process.stderr.write('usage: archive-verify <tenantId> [conversationId]\n');
  process.exit(2);
}
let config;
try {
  config = loadConfig('archive', archiveVerifyConfigSchema, process.env);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(78);
}
const pool = openArchivePool(config.database.url, config.database.schema);
try {
  const verifier = new ArchiveVerifier(new ArchiveStore(pool));
  const result = conversationId === undefined ? await verifier.verifyTenant(tenantId) : await verifier.verifyConversation(tenantId, conversationId);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.stderr.write(result.ok ? `archive of ${tenantId}: verified\n` : `archive of ${tenantId}: BROKEN: ${result.firstBroken ?? ''}\n`);
  process.exitCode = result.ok ? 0 : 1;
} finally {
  await pool.end();
}
