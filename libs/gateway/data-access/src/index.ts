export * from './directory/directory.repository.ts';
export * from './gateway.database.ts';
export * from './inbound/inbound-ledger.repository.ts';
export * from './outbound/send-ledger.repository.ts';
export * from './outbound/suppression.repository.ts';
export * from './probes/probes.repository.ts';
export * from './voice/voice-calls.repository.ts';
export type { Prisma } from './generated/prisma/client.ts';
