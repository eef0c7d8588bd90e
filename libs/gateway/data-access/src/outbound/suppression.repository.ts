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

  async release(tenantId: string, customerNumber: string): Promise<void> {
    await this.db.suppressedRecipient.deleteMany({ where: { tenantId, customerNumber } });
  }
}
