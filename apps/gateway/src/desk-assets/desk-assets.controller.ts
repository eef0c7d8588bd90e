import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { DomainError } from '@parley/contracts';
import type { FastifyReply } from 'fastify';
import { ApiDoc, ApiTag } from '../openapi/api-doc.decorator.ts';

/** The web desk's build (apps/agent-desk/dist), at the same place beside the gateway in the repository and in the image. */
export const DESK_DIR = fileURLToPath(new URL('../../../agent-desk/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Hashed file names only: nothing else under the desk's folder can be asked for. */
const ASSET_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:js|css|map|svg|png|woff2)$/;

/**
 * The desk runs only code the gateway served it: no inline script, no other origin, no framing; what a customer
 * writes can never run even if it reached the page as markup.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

/** Serves the web desk: its page at `/` and its hashed assets, kept in memory once read. */
@ApiTag('desk')
@Controller()
export class DeskAssetsController {
  readonly #cache = new Map<string, Buffer>();

  async #read(relative: string): Promise<Buffer> {
    const cached = this.#cache.get(relative);
    if (cached !== undefined) {
      return cached;
    }
    const content = await readFile(join(DESK_DIR, relative)).catch(() => undefined);
    if (content === undefined) {
      throw new DomainError('not-found', 'desk.not-built', relative === 'index.html' ? 'The web desk is not built here; run the build first.' : `No desk asset ${relative}.`);
    }
    this.#cache.set(relative, content);
    return content;
  }

  @Get()
  @ApiDoc({ summary: 'The web desk (an HTML page that loads its scripts from /assets)', produces: 'text/html' })
  async page(@Res() reply: FastifyReply): Promise<void> {
    const html = await this.#read('index.html');
    await reply.headers({ ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }).send(html);
  }

  @Get('assets/:file')
  @ApiDoc({ summary: "One of the web desk's hashed script, style or image files", produces: 'application/octet-stream' })
  async asset(@Param('file') file: string, @Res() reply: FastifyReply): Promise<void> {
    if (!ASSET_NAME.test(file)) {
      throw new DomainError('not-found', 'desk.asset-not-found', `No desk asset ${file}.`);
    }
    const content = await this.#read(join('assets', file));
    await reply
      .headers({ ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'public, max-age=31536000, immutable' })
      .send(content);
  }
}
