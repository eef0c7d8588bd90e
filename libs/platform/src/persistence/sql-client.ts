/**
 * The slice of a Prisma client the platform relies on, stated structurally so the platform never imports
 * @prisma/client: each service's data-access library passes its own generated client.
 */
export interface SqlClient {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface DatabaseClient<TTransaction extends SqlClient = SqlClient> extends SqlClient {
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $transaction<R>(work: (transaction: TTransaction) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}
