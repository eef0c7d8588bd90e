import { Injectable } from '@nestjs/common';
import { ComplianceFilterDatabase } from '../compliance-filter.database.ts';

export interface StoredPolicy {
  tenantId: string;
  /** As saved; the screening domain validates and completes it. */
  policy: unknown;
  version: number;
  updatedAt: Date;
}

/** Tenants' screening policies, one row each, versioned so caches can tell a change. */
@Injectable()
export class TenantPoliciesRepository {
  constructor(private readonly db: ComplianceFilterDatabase) {}

  async find(tenantId: string): Promise<StoredPolicy | undefined> {
    const row = await this.db.tenantPolicy.findUnique({ where: { tenantId } });
    return row ? { tenantId: row.tenantId, policy: row.policy, version: row.version, updatedAt: row.updatedAt } : undefined;
  }

  async save(tenantId: string, policy: object): Promise<StoredPolicy> {
    const row = await this.db.tenantPolicy.upsert({
      where: { tenantId },
      create: { tenantId, policy },
      update: { policy, version: { increment: 1 } },
    });
    return { tenantId: row.tenantId, policy: row.policy, version: row.version, updatedAt: row.updatedAt };
  }
}
