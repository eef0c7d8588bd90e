import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { newId, voiceFlowSchema, type VoiceFlow } from '@parley/gateway-domain';
import { GatewayDatabase } from '../gateway.database.ts';
import { isUniqueViolation } from '../prisma-errors.ts';

export const NUMBER_TYPES = ['long-code', 'toll-free', 'short-code'] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];
export type TenantStatus = 'active' | 'suspended';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
  status: TenantStatus;
  createdAt: Date;
}

export interface BusinessNumber {
  id: string;
  tenantId: string;
  e164: string;
  label: string;
  numberType: NumberType;
  smsEnabled: boolean;
  voiceEnabled: boolean;
  menuId: string | null;
  voiceFlow: VoiceFlow;
  active: boolean;
}

export interface NewBusinessNumber {
  e164: string;
  label: string;
  numberType: NumberType;
  smsEnabled: boolean;
  voiceEnabled: boolean;
  menuId: string | null;
  voiceFlow: VoiceFlow;
}

type NumberRow = Omit<BusinessNumber, 'numberType' | 'voiceFlow'> & { numberType: string; voiceFlow: unknown };
type TenantRow = Omit<Tenant, 'status'> & { status: string };

function toNumber(row: NumberRow): BusinessNumber {
  return {
    ...row,
    numberType: NUMBER_TYPES.find((type) => type === row.numberType) ?? 'long-code',
    voiceFlow: voiceFlowSchema.parse(row.voiceFlow),
  };
}

function toTenant(row: TenantRow): Tenant {
  return { id: row.id, slug: row.slug, name: row.name, status: row.status === 'suspended' ? 'suspended' : 'active', createdAt: row.createdAt };
}

/** Tenants and their business numbers; every number query but the carrier-facing lookup is scoped to a tenant. */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async createTenant(input: { slug: string; name: string }): Promise<Tenant> {
    try {
      return toTenant(await this.db.tenant.create({ data: { id: newId('ten'), slug: input.slug, name: input.name } }));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'tenant.slug-taken', `A tenant with slug ${input.slug} already exists.`);
      }
      throw error;
    }
  }

  async listTenants(): Promise<Tenant[]> {
    return (await this.db.tenant.findMany({ orderBy: { createdAt: 'asc' } })).map(toTenant);
  }

  async findTenant(tenantId: string): Promise<Tenant | undefined> {
    const row = await this.db.tenant.findUnique({ where: { id: tenantId } });
    return row ? toTenant(row) : undefined;
  }

  async findTenantBySlug(slug: string): Promise<Tenant | undefined> {
    const row = await this.db.tenant.findUnique({ where: { slug } });
    return row ? toTenant(row) : undefined;
  }

  async updateTenant(tenantId: string, patch: { name?: string; status?: TenantStatus }): Promise<Tenant | undefined> {
    const { count } = await this.db.tenant.updateMany({ where: { id: tenantId }, data: patch });
    return count === 0 ? undefined : this.findTenant(tenantId);
  }

  async createNumber(tenantId: string, input: NewBusinessNumber): Promise<BusinessNumber> {
    try {
      return toNumber(
        await this.db.businessNumber.create({
          data: { id: newId('num'), tenantId, ...input, voiceFlow: input.voiceFlow },
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'number.taken', 'That number is already configured.');
      }
      throw error;
    }
  }

  async listNumbers(tenantId: string): Promise<BusinessNumber[]> {
    return (await this.db.businessNumber.findMany({ where: { tenantId }, orderBy: { createdAt: 'asc' } })).map(toNumber);
  }

  async findNumber(tenantId: string, numberId: string): Promise<BusinessNumber | undefined> {
    const row = await this.db.businessNumber.findFirst({ where: { id: numberId, tenantId } });
    return row ? toNumber(row) : undefined;
  }

  async updateNumber(
    tenantId: string,
    numberId: string,
    patch: Partial<Omit<NewBusinessNumber, 'e164'>> & { active?: boolean },
  ): Promise<BusinessNumber | undefined> {
    const { count } = await this.db.businessNumber.updateMany({ where: { id: numberId, tenantId }, data: patch });
    return count === 0 ? undefined : this.findNumber(tenantId, numberId);
  }

  /** The carrier names only the number it delivered to; this is the one lookup that is not tenant-scoped. */
  async findActiveNumberByE164(e164: string): Promise<(BusinessNumber & { tenantActive: boolean }) | undefined> {
    const row = await this.db.businessNumber.findUnique({ where: { e164 }, include: { tenant: true } });
    if (!row || !row.active) {
      return undefined;
    }
    const { tenant, ...number } = row;
    return { ...toNumber(number), tenantActive: tenant.status === 'active' };
  }
}
