import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiDoc, ApiTag } from './api-doc.decorator.ts';
import { DOCS_PAGE_CSP, DOCS_PAGE_HTML } from './docs-page.ts';
import { OpenApiDocument } from './openapi.document.ts';

/** The gateway's API, as an OpenAPI 3.1 document and as a page that reads it. */
@ApiTag('documentation')
@Controller('docs')
export class OpenApiController {
  constructor(private readonly document: OpenApiDocument) {}

  @Get()
  @ApiDoc({ summary: 'This API as a readable page (self-contained, works offline)', produces: 'text/html' })
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.type('text/html; charset=utf-8').header('content-security-policy', DOCS_PAGE_CSP).header('x-content-type-options', 'nosniff');
    return DOCS_PAGE_HTML;
  }

  @Get('openapi.json')
  @Header('cache-control', 'no-cache')
  @ApiDoc({ summary: 'This API as an OpenAPI 3.1 document', produces: 'application/json' })
  json(): Record<string, unknown> {
    return this.document.document();
  }
}
