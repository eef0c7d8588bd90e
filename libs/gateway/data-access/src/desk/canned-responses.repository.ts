import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { newId } from '@parley/gateway-domain';
import { GatewayDatabase } from '../gateway.database.ts';
import { isUniqueViolation } from '../prisma-errors.ts';

export interface CannedResponse {
  id: string;
  title: string;
  text: string;
  updatedAt: Date;
}

function toCannedResponse(row: { id: string; title: string; text: string; updatedAt: Date }): CannedResponse {
  return { id: row.id, title: row.title, text: row.text, updatedAt: row.updatedAt };
}

function titleTaken(): DomainError {
  return new DomainError('conflict', 'canned-response.title-taken', 'Another canned response has that title.');
}

/** Replies agents pick from, per tenant; every query is scoped to the tenant. */
@Injectable()
export class CannedResponsesRepository {
  constructor(private readonly db: GatewayDatabase) {}

  async list(tenantId: string): Promise<CannedResponse[]> {
    return (await this.db.cannedResponse.findMany({ where: { tenantId }, orderBy: [{ title: 'asc' }, { id: 'asc' }] })).map(toCannedResponse);
  }

  async create(tenantId: string, input: { title: string; text: string }): Promise<CannedResponse> {
    try {
      return toCannedResponse(await this.db.cannedResponse.create({ data: { id: newId('cr'), tenantId, ...input } }));
    } catch (error) {
      throw isUniqueViolation(error) ? titleTaken() : error;
    }
  }

  async update(tenantId: string, id: string, input: { title: string; text: string }): Promise<CannedResponse | undefined> {
    try {
      const { count } = await this.db.cannedResponse.updateMany({ where: { id, tenantId }, data: input });
      if (count === 0) {
        return undefined;
      }
    } catch (error) {
      throw isUniqueViolation(error) ? titleTaken() : error;
    }
    const row = await this.db.cannedResponse.findFirst({ where: { id, tenantId } });
    return row ? toCannedResponse(row) : undefined;
  }

  async remove(tenantId: string, id: string): Promise<boolean> {
    const { count } = await this.db.cannedResponse.deleteMany({ where: { id, tenantId } });
    return count === 1;
  }
}
