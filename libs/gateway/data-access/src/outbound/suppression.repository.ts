import { Injectable } from '@nestjs/common';
import { GatewayDatabase } from '../gateway.database.ts';

/** Customers who must not be texted on a tenant's numbers (opted out); the sender asks before every send. */
@Injectable()
export class SuppressionRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async isSuppressed(tenantId: string, customerNumber: string): Promise<boolean> {
    const row = await this.db.suppressedRecipient.findUnique({ where: { tenantId_customerNumber: { tenantId, customerNumber } } });
    return row !== null;
  }

  async suppress(tenantId: string, customerNumber: string, reason: string, since: Date): Promise<void> {
    await this.db.suppressedRecipient.upsert({
      where: { tenantId_customerNumber: { tenantId, customerNumber } },
      create: { tenantId, customerNumber, reason, since },
      update: { reason, since },
    });
  }

  /** Lifts a suppression that began no later than `at`, so an opt-in never undoes a newer opt-out. */
  async release(tenantId: string, customerNumber: string, at: Date): Promise<void> {
    await this.db.suppressedRecipient.deleteMany({ where: { tenantId, customerNumber, since: { lte: at } } });
  }
}
