export * from './gateway.database.ts';
export * from './probes/probes.repository.ts';
export type { Prisma } from './generated/prisma/client.ts';
