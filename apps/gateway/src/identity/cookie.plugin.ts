import fastifyCookie from '@fastify/cookie';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/** Registers @fastify/cookie on the gateway's Fastify instance before it starts, for the desk's session cookie. */
@Injectable()
export class CookiePlugin implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  async onModuleInit(): Promise<void> {
    const instance = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await instance.register(fastifyCookie);
  }
}
