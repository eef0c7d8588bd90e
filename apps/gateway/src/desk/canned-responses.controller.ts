import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import { CannedResponsesRepository, type CannedResponse } from '@parley/gateway-data-access';
import { ZodValidationPipe } from '@parley/platform/http';
import { z } from 'zod';
import { DeskAccess, Principal } from '../identity/desk-access.decorator.ts';
import type { DeskPrincipal } from '../identity/desk-principal.ts';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';
import { cannedResponseBodySchema, cannedResponseIdParam, cannedResponseViewSchema } from './desk.dto.ts';

function describe(response: CannedResponse): z.infer<typeof cannedResponseViewSchema> {
  return { id: response.id, title: response.title, text: response.text, updatedAt: response.updatedAt.toISOString() };
}

function notFound(id: string): DomainError {
  return new DomainError('not-found', 'canned-response.not-found', `No canned response ${id}.`);
}

const EXAMPLE = { title: 'Greeting', text: 'Hello! Thanks for texting us. How can I help?' };

/** Replies agents pick from in the composer; the tenant's admins write them. */
@ApiTag('desk: canned responses')
@Controller('api')
export class CannedResponsesController {
  constructor(private readonly responses: CannedResponsesRepository) {}

  @Get('canned-responses')
  @DeskAccess({ roles: ['agent', 'supervisor', 'admin'] })
  @ApiDoc({ summary: 'The tenant\'s canned responses', response: z.object({ cannedResponses: z.array(cannedResponseViewSchema) }) })
  async list(@Principal() principal: DeskPrincipal): Promise<unknown> {
    return { cannedResponses: (await this.responses.list(principal.tenant.id)).map(describe) };
  }

  @Post('admin/canned-responses')
  @HttpCode(201)
  @DeskAccess({ roles: ['admin'] })
  @ApiDoc({ summary: 'Add a canned response', body: cannedResponseBodySchema, example: EXAMPLE, response: z.object({ cannedResponse: cannedResponseViewSchema }), status: 201 })
  async create(@Principal() principal: DeskPrincipal, @Body(new ZodValidationPipe(cannedResponseBodySchema)) body: z.output<typeof cannedResponseBodySchema>): Promise<unknown> {
    return { cannedResponse: describe(await this.responses.create(principal.tenant.id, body)) };
  }

  @Put('admin/canned-responses/:cannedResponseId')
  @DeskAccess({ roles: ['admin'] })
  @ApiDoc({ summary: 'Change a canned response', body: cannedResponseBodySchema, example: EXAMPLE, response: z.object({ cannedResponse: cannedResponseViewSchema }) })
  async update(
    @Principal() principal: DeskPrincipal,
    @Param('cannedResponseId', new ZodValidationPipe(cannedResponseIdParam)) id: string,
    @Body(new ZodValidationPipe(cannedResponseBodySchema)) body: z.output<typeof cannedResponseBodySchema>,
  ): Promise<unknown> {
    return { cannedResponse: describe((await this.responses.update(principal.tenant.id, id, body)) ?? (await Promise.reject(notFound(id)))) };
  }

  @Delete('admin/canned-responses/:cannedResponseId')
  @HttpCode(204)
  @DeskAccess({ roles: ['admin'] })
  @ApiDoc({ summary: 'Remove a canned response', status: 204 })
  async remove(@Principal() principal: DeskPrincipal, @Param('cannedResponseId', new ZodValidationPipe(cannedResponseIdParam)) id: string): Promise<void> {
    if (!(await this.responses.remove(principal.tenant.id, id))) {
      throw notFound(id);
    }
  }
}
