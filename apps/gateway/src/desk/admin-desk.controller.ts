import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put, Res } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { DirectoryRepository, type BusinessNumber } from '@parley/gateway-data-access';
import { voiceFlowSchema } from '@parley/gateway-domain';
import { ZodValidationPipe } from '@parley/platform/http';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ServiceAdminClient, type OwningService } from '../admin/service-admin.client.ts';
import { NumberDirectoryService } from '../directory/number-directory.service.ts';
import { DeskAccess, Principal } from '../identity/desk-access.decorator.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { agentIdParam, forwardedBodySchema, menuIdParam, numberIdParam, numberPatchSchema, queueParam } from './desk.dto.ts';

const ADMIN = { roles: ['admin'] } as const;
const ANY_JSON = z.record(z.string(), z.unknown());

const numberViewSchema = z.object({
  id: z.string(),
  e164: z.string(),
  label: z.string(),
  numberType: z.string(),
  smsEnabled: z.boolean(),
  voiceEnabled: z.boolean(),
  menuId: z.string().nullable(),
  voiceFlow: ANY_JSON,
  active: z.boolean(),
});

function describeNumber(number: BusinessNumber): z.infer<typeof numberViewSchema> {
  return {
    id: number.id,
    e164: number.e164,
    label: number.label,
    numberType: number.numberType,
    smsEnabled: number.smsEnabled,
    voiceEnabled: number.voiceEnabled,
    menuId: number.menuId,
    voiceFlow: number.voiceFlow,
    active: number.active,
  };
}

function numberNotFound(numberId: string): DomainError {
  return new DomainError('not-found', 'number.not-found', `No number ${numberId}.`);
}

/**
 * A tenant's admins configure their contact center from the desk: business numbers (the gateway's), menus and
 * front doors and queue hours (ivr-menu), queues, agents' profiles and routing settings (routing). Forwarded bodies are
 * validated by the owning service, whose answers come back as they are.
 */
@ApiTag('desk: administration')
@Controller('api/admin')
export class AdminDeskController {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly numbers: NumberDirectoryService,
    private readonly services: ServiceAdminClient,
  ) {}

  @Get('numbers')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'The tenant\'s business numbers', response: z.object({ numbers: z.array(numberViewSchema) }) })
  async listNumbers(@Principal() principal: DeskPrincipal): Promise<unknown> {
    return { numbers: (await this.directory.listNumbers(principal.tenant.id)).map(describeNumber) };
  }

  @Get('numbers/:numberId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'One business number', response: z.object({ number: numberViewSchema }) })
  async getNumber(@Principal() principal: DeskPrincipal, @Param('numberId', new ZodValidationPipe(numberIdParam)) numberId: string): Promise<unknown> {
    const number = await this.directory.findNumber(principal.tenant.id, numberId);
    return { number: describeNumber(number ?? (await Promise.reject(numberNotFound(numberId)))) };
  }

  @Patch('numbers/:numberId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Change a number\'s label, channels, menu or voice flow', body: numberPatchSchema, example: { label: 'Front desk' }, response: z.object({ number: numberViewSchema }) })
  async updateNumber(
    @Principal() principal: DeskPrincipal,
    @Param('numberId', new ZodValidationPipe(numberIdParam)) numberId: string,
    @Body(new ZodValidationPipe(numberPatchSchema)) patch: z.output<typeof numberPatchSchema>,
  ): Promise<unknown> {
    const current = await this.directory.findNumber(principal.tenant.id, numberId);
    if (!current) {
      throw numberNotFound(numberId);
    }
    if (!(patch.smsEnabled ?? current.smsEnabled) && !(patch.voiceEnabled ?? current.voiceEnabled)) {
      throw new DomainError('invalid', 'number.no-channel', 'A number must carry SMS, voice or both.');
    }
    const { voiceFlow, ...rest } = patch;
    const checkedFlow = voiceFlow === undefined ? undefined : new ZodValidationPipe(voiceFlowSchema).transform(voiceFlow);
    const number = await this.directory.updateNumber(principal.tenant.id, numberId, { ...rest, ...(checkedFlow === undefined ? {} : { voiceFlow: checkedFlow }) });
    this.numbers.forget(current.e164);
    return { number: describeNumber(number ?? (await Promise.reject(numberNotFound(numberId)))) };
  }

  @Get('numbers/:numberId/front-door')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'The number\'s front door (ivr-menu): business name, menu or queue', response: ANY_JSON })
  async frontDoor(@Principal() principal: DeskPrincipal, @Param('numberId', new ZodValidationPipe(numberIdParam)) numberId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    await this.#requireNumber(principal, numberId);
    return this.#forward(reply, 'ivr-menu', principal, `numbers/${numberId}/front-door`);
  }

  @Put('numbers/:numberId/front-door')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Change the number\'s front door (ivr-menu validates it)', body: forwardedBodySchema, example: { businessName: 'Acme', queue: 'support' }, response: ANY_JSON })
  async saveFrontDoor(
    @Principal() principal: DeskPrincipal,
    @Param('numberId', new ZodValidationPipe(numberIdParam)) numberId: string,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    await this.#requireNumber(principal, numberId);
    return this.#forward(reply, 'ivr-menu', principal, `numbers/${numberId}/front-door`, 'PUT', body);
  }

  @Get('menus')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'The tenant\'s text menus', response: ANY_JSON })
  async menus(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'ivr-menu', principal, 'menus');
  }

  @Get('menus/:menuId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'One text menu', response: ANY_JSON })
  async menu(@Principal() principal: DeskPrincipal, @Param('menuId', new ZodValidationPipe(menuIdParam)) menuId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'ivr-menu', principal, `menus/${menuId}`);
  }

  @Put('menus/:menuId')
  @DeskAccess(ADMIN)
  @ApiDoc({
    summary: 'Save a text menu (ivr-menu validates it)',
    body: forwardedBodySchema,
    example: { name: 'Main', rootNodeId: 'root', fallbackQueue: 'support', nodes: [{ id: 'root', prompt: 'Reply 1 for support.', options: [{ key: '1', label: 'Support', keywords: ['support'], action: { type: 'queue', queue: 'support' } }] }] },
    response: ANY_JSON,
    upsert: true,
  })
  async saveMenu(
    @Principal() principal: DeskPrincipal,
    @Param('menuId', new ZodValidationPipe(menuIdParam)) menuId: string,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.#forward(reply, 'ivr-menu', principal, `menus/${menuId}`, 'PUT', body);
  }

  @Get('queues')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'The tenant\'s queues (routing)', response: ANY_JSON })
  async queues(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, 'queues');
  }

  @Get('queues/:queue')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'One queue', response: ANY_JSON })
  async queue(@Principal() principal: DeskPrincipal, @Param('queue', new ZodValidationPipe(queueParam)) queue: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, `queues/${queue}`);
  }

  @Put('queues/:queue')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Save a queue: priority, service level, overflow (routing validates it)', body: forwardedBodySchema, example: { priority: 0, serviceLevelSeconds: 60 }, response: ANY_JSON, upsert: true })
  async saveQueue(
    @Principal() principal: DeskPrincipal,
    @Param('queue', new ZodValidationPipe(queueParam)) queue: string,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, `queues/${queue}`, 'PUT', body);
  }

  @Delete('queues/:queue')
  @HttpCode(204)
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Delete a queue nobody waits in or overflows to', status: 204 })
  async deleteQueue(@Principal() principal: DeskPrincipal, @Param('queue', new ZodValidationPipe(queueParam)) queue: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, `queues/${queue}`, 'DELETE');
  }

  @Get('queues/:queue/schedule')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'The queue\'s business hours (ivr-menu)', response: ANY_JSON })
  async schedule(@Principal() principal: DeskPrincipal, @Param('queue', new ZodValidationPipe(queueParam)) queue: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'ivr-menu', principal, `queues/${queue}/schedule`);
  }

  @Put('queues/:queue/schedule')
  @DeskAccess(ADMIN)
  @ApiDoc({
    summary: 'Save the queue\'s business hours (ivr-menu validates them)',
    body: forwardedBodySchema,
    example: { hours: { timeZone: 'UTC', weekly: { mon: [{ open: '08:00', close: '18:00' }] }, holidays: [] }, closedReply: 'We are closed.', takesMessages: true },
    response: ANY_JSON,
    upsert: true,
  })
  async saveSchedule(
    @Principal() principal: DeskPrincipal,
    @Param('queue', new ZodValidationPipe(queueParam)) queue: string,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.#forward(reply, 'ivr-menu', principal, `queues/${queue}/schedule`, 'PUT', body);
  }

  @Delete('queues/:queue/schedule')
  @HttpCode(204)
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Remove the queue\'s business hours (always open)', status: 204 })
  async deleteSchedule(@Principal() principal: DeskPrincipal, @Param('queue', new ZodValidationPipe(queueParam)) queue: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    // The front door forgets a schedule idempotently; the desk answers a queue without one as not found.
    const existing = await this.services.call('ivr-menu', principal.tenant.id, `queues/${queue}/schedule`);
    if (existing.status !== 200) {
      return this.services.relay(existing, reply);
    }
    return this.#forward(reply, 'ivr-menu', principal, `queues/${queue}/schedule`, 'DELETE');
  }

  @Get('agents')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Agents\' routing profiles and state', response: ANY_JSON })
  async agents(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, 'agents');
  }

  @Get('agents/:agentId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'One agent\'s routing profile and state', response: ANY_JSON })
  async agent(@Principal() principal: DeskPrincipal, @Param('agentId', new ZodValidationPipe(agentIdParam)) agentId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, `agents/${agentId}`);
  }

  @Put('agents/:agentId')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Save an agent\'s routing profile: display name, queues, capacity, auto-accept (routing validates it)', body: forwardedBodySchema, example: { displayName: 'Ana', queues: ['support'], capacity: 2, autoAccept: false }, response: ANY_JSON, upsert: true })
  async saveAgent(
    @Principal() principal: DeskPrincipal,
    @Param('agentId', new ZodValidationPipe(agentIdParam)) agentId: string,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, `agents/${agentId}`, 'PUT', body);
  }

  @Get('routing-settings')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Routing settings: offer timeout, weights, sticky window, grace period, dispositions', response: ANY_JSON })
  async routingSettings(@Principal() principal: DeskPrincipal, @Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, 'routing-settings');
  }

  @Put('routing-settings')
  @DeskAccess(ADMIN)
  @ApiDoc({ summary: 'Change routing settings (routing validates them)', body: forwardedBodySchema, example: { dispositions: ['resolved', 'follow-up'] }, response: ANY_JSON, upsert: true })
  async saveRoutingSettings(
    @Principal() principal: DeskPrincipal,
    @Body(new ZodValidationPipe(forwardedBodySchema)) body: z.output<typeof forwardedBodySchema>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.#forward(reply, 'routing', principal, 'routing-settings', 'PUT', body);
  }

  async #requireNumber(principal: DeskPrincipal, numberId: string): Promise<void> {
    if (!(await this.directory.findNumber(principal.tenant.id, numberId))) {
      throw numberNotFound(numberId);
    }
  }

  async #forward(reply: FastifyReply, service: OwningService, principal: DeskPrincipal, path: string, method = 'GET', body?: unknown): Promise<unknown> {
    return this.services.relay(await this.services.call(service, principal.tenant.id, path, { method, body }), reply);
  }
}
