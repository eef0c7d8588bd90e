import { Injectable } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { IvrMenuDatabase } from '../ivr-menu.database.ts';

/** A stored configuration document: validated by the domain before it is saved, versioned on every save. */
export interface Versioned<T> {
  value: T;
  version: number;
  updatedAt: Date;
}

/** Menus, business numbers' front-door settings and queues' schedules, per tenant. */
@Injectable()
export class FrontDoorConfigRepository {
  constructor(private readonly db: IvrMenuDatabase) {}

  async saveMenu(tenantId: string, menuId: string, definition: object): Promise<Versioned<unknown>> {
    const row = await this.db.menu.upsert({
      where: { tenantId_menuId: { tenantId, menuId } },
      create: { tenantId, menuId, definition },
      update: { definition, version: { increment: 1 }, updatedAt: new Date() },
    });
    return { value: row.definition, version: row.version, updatedAt: row.updatedAt };
  }

  async findMenu(tenantId: string, menuId: string): Promise<Versioned<unknown> | undefined> {
    const row = await this.db.menu.findUnique({ where: { tenantId_menuId: { tenantId, menuId } } });
    return row ? { value: row.definition, version: row.version, updatedAt: row.updatedAt } : undefined;
  }

  async listMenus(tenantId: string): Promise<{ menuId: string; version: number; updatedAt: Date }[]> {
    const rows = await this.db.menu.findMany({ where: { tenantId }, orderBy: { menuId: 'asc' }, select: { menuId: true, version: true, updatedAt: true } });
    return rows;
  }

  async saveFrontDoor(tenantId: string, businessNumberId: string, settings: object): Promise<Versioned<unknown>> {
    const owner = await this.db.frontDoor.findUnique({ where: { businessNumberId }, select: { tenantId: true } });
    if (owner && owner.tenantId !== tenantId) {
      // Another tenant's number answers as if it did not exist.
      throw new DomainError('not-found', 'front-door.number-not-found', 'No such business number.');
    }
    const row = await this.db.frontDoor.upsert({
      where: { businessNumberId },
      create: { businessNumberId, tenantId, settings },
      update: { settings, version: { increment: 1 }, updatedAt: new Date() },
    });
    return { value: row.settings, version: row.version, updatedAt: row.updatedAt };
  }

  async findFrontDoor(tenantId: string, businessNumberId: string): Promise<Versioned<unknown> | undefined> {
    const row = await this.db.frontDoor.findUnique({ where: { businessNumberId } });
    return row && row.tenantId === tenantId ? { value: row.settings, version: row.version, updatedAt: row.updatedAt } : undefined;
  }

  async saveSchedule(tenantId: string, queue: string, schedule: object): Promise<Versioned<unknown>> {
    const row = await this.db.queueSchedule.upsert({
      where: { tenantId_queue: { tenantId, queue } },
      create: { tenantId, queue, schedule },
      update: { schedule, version: { increment: 1 }, updatedAt: new Date() },
    });
    return { value: row.schedule, version: row.version, updatedAt: row.updatedAt };
  }

  async deleteSchedule(tenantId: string, queue: string): Promise<boolean> {
    const { count } = await this.db.queueSchedule.deleteMany({ where: { tenantId, queue } });
    return count > 0;
  }

  async findSchedules(tenantId: string): Promise<Map<string, Versioned<unknown>>> {
    const rows = await this.db.queueSchedule.findMany({ where: { tenantId } });
    return new Map(rows.map((row) => [row.queue, { value: row.schedule, version: row.version, updatedAt: row.updatedAt }]));
  }
}
