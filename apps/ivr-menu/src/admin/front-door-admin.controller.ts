import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, UseGuards } from '@nestjs/common';
import { DomainError, e164Schema, opaqueIdSchema, queueKeySchema } from '@parley/contracts';
import { ConversationsRepository, FrontDoorConfigRepository } from '@parley/ivr-menu-data-access';
import { validateMenu } from '@parley/ivr-menu-domain';
import { AdminTokenGuard, ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { ConsentService } from '../front-door/consent.service.ts';
import { FrontDoorConfigService } from '../front-door/front-door-config.service.ts';
import { frontDoorSettingsSchema, queueScheduleSchema, type FrontDoorSettingsInput } from '../front-door/front-door-settings.ts';

const tenantIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'not a tenant id');
const menuIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'not a menu id');
const consentChangeSchema = z
  .object({
    customerNumber: e164Schema,
    businessNumberId: opaqueIdSchema,
    action: z.enum(['opted-out', 'opted-in']),
    source: z.enum(['agent', 'admin']),
    recordedBy: z.string().trim().min(1).max(128),
  })
  .strict();

/**
 * The front door's configuration and consent ledger, for the gateway's admin API to call with the admin token:
 * menus (validated when saved), each business number's settings, queues' hours, and recorded opt-outs.
 */
@Controller('admin/tenants/:tenantId')
@UseGuards(AdminTokenGuard)
export class FrontDoorAdminController {
  constructor(
    private readonly repository: FrontDoorConfigRepository,
    private readonly config: FrontDoorConfigService,
    private readonly conversations: ConversationsRepository,
    private readonly consent: ConsentService,
  ) {}

  @Get('menus')
  async listMenus(@Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string): Promise<unknown> {
    return { menus: await this.repository.listMenus(tenantId) };
  }

  @Put('menus/:menuId')
  async saveMenu(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('menuId', new ZodValidationPipe(menuIdParam)) menuId: string,
    @Body() body: unknown,
  ): Promise<unknown> {
    const checked = validateMenu(body);
    if (!checked.ok) {
      throw new DomainError('invalid', 'menu.invalid', 'The menu cannot be saved: fix every error listed.', { errors: checked.errors });
    }
    const saved = await this.repository.saveMenu(tenantId, menuId, checked.menu);
    this.config.invalidate(tenantId);
    return { menuId, menu: saved.value, version: saved.version };
  }

  @Get('menus/:menuId')
  async readMenu(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('menuId', new ZodValidationPipe(menuIdParam)) menuId: string,
  ): Promise<unknown> {
    const menu = await this.repository.findMenu(tenantId, menuId);
    if (!menu) {
      throw new DomainError('not-found', 'menu.not-found', `No menu ${menuId}.`);
    }
    return { menuId, menu: menu.value, version: menu.version };
  }

  @Put('numbers/:numberId/front-door')
  async saveFrontDoor(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('numberId', new ZodValidationPipe(opaqueIdSchema)) numberId: string,
    @Body(new ZodValidationPipe(frontDoorSettingsSchema)) settings: FrontDoorSettingsInput,
  ): Promise<unknown> {
    if (settings.menuId && !(await this.repository.findMenu(tenantId, settings.menuId))) {
      throw new DomainError('invalid', 'front-door.menu-not-found', `No menu ${settings.menuId}: save the menu first.`);
    }
    const saved = await this.repository.saveFrontDoor(tenantId, numberId, settings);
    this.config.invalidate(tenantId);
    return { businessNumberId: numberId, settings: saved.value, version: saved.version };
  }

  @Get('numbers/:numberId/front-door')
  async readFrontDoor(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('numberId', new ZodValidationPipe(opaqueIdSchema)) numberId: string,
  ): Promise<unknown> {
    const saved = await this.repository.findFrontDoor(tenantId, numberId);
    if (!saved) {
      throw new DomainError('not-found', 'front-door.not-found', 'This number has no front-door settings: it sends every conversation to the "general" queue.');
    }
    return { businessNumberId: numberId, settings: saved.value, version: saved.version };
  }

  @Put('queues/:queue/schedule')
  async saveSchedule(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('queue', new ZodValidationPipe(queueKeySchema)) queue: string,
    @Body(new ZodValidationPipe(queueScheduleSchema)) schedule: z.output<typeof queueScheduleSchema>,
  ): Promise<unknown> {
    const saved = await this.repository.saveSchedule(tenantId, queue, schedule);
    this.config.invalidate(tenantId);
    return { queue, schedule: saved.value, version: saved.version };
  }

  @Get('queues/:queue/schedule')
  async readSchedule(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('queue', new ZodValidationPipe(queueKeySchema)) queue: string,
  ): Promise<unknown> {
    const saved = (await this.repository.findSchedules(tenantId)).get(queue);
    if (!saved) {
      throw new DomainError('not-found', 'schedule.not-found', `Queue ${queue} has no schedule: it is always open.`);
    }
    return { queue, schedule: saved.value, version: saved.version };
  }

  @Delete('queues/:queue/schedule')
  @HttpCode(204)
  async deleteSchedule(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('queue', new ZodValidationPipe(queueKeySchema)) queue: string,
  ): Promise<void> {
    await this.repository.deleteSchedule(tenantId, queue);
    this.config.invalidate(tenantId);
  }

  @Post('consent')
  @HttpCode(201)
  async recordConsent(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Body(new ZodValidationPipe(consentChangeSchema)) change: z.output<typeof consentChangeSchema>,
  ): Promise<unknown> {
    return this.consent.record(tenantId, change);
  }

  @Get('consent/:customerNumber')
  async readConsent(
    @Param('tenantId', new ZodValidationPipe(tenantIdParam)) tenantId: string,
    @Param('customerNumber', new ZodValidationPipe(e164Schema)) customerNumber: string,
  ): Promise<unknown> {
    const state = await this.conversations.consentOf(tenantId, customerNumber);
    const history = await this.conversations.consentHistory(tenantId, customerNumber);
    return { customerNumber, optedOut: state?.optedOut ?? false, changedAt: state?.changedAt ?? null, history };
  }
}
