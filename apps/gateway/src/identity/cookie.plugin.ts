import fastifyCookie from '@fastify/cookie';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * Registers @fastify/cookie on the gateway's Fastify instance, for the desk's session cookie. Not awaited: Fastify
 * loads it when it starts, after Nest installed its error handler, which the routes must all share.
 */
@Injectable()
export class CookiePlugin implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void instance.register(fastifyCookie);
  }
}
