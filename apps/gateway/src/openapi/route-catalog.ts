import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  /** The methods Fastify serves the route for (several for a route registered for all of them). */
  methods: readonly string[];
  /** Fastify's pattern, such as `/api/conversations/:conversationId`. */
  url: string;
}

/**
 * Every route the gateway's Fastify instance registers, as Fastify saw it: the hook goes in when the providers are
 * made, before Nest or any plugin adds a route, so nothing escapes the OpenAPI document's check.
 */
@Injectable()
export class RouteCatalog {
  readonly #routes: RegisteredRoute[] = [];

  constructor(adapterHost: HttpAdapterHost) {
    adapterHost.httpAdapter.getInstance<FastifyInstance>().addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      this.#routes.push({ methods: methods.map(String), url: route.url });
    });
  }

  /** The routes, without the HEAD twins Fastify adds to every GET. */
  routes(): RegisteredRoute[] {
    const gets = new Set(this.#routes.filter((route) => route.methods.includes('GET')).map((route) => route.url));
    return this.#routes.filter((route) => !(route.methods.length === 1 && route.methods[0] === 'HEAD' && gets.has(route.url)));
  }
}

/** Fastify's `:param` and `*` as OpenAPI's `{param}` and `{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

/** The methods a document lists for a route: every standard one for a route registered for all methods. */
export const DOCUMENTED_METHODS = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;

export function documentedMethodsOf(route: RegisteredRoute): string[] {
  return route.methods.filter((method) => (DOCUMENTED_METHODS as readonly string[]).includes(method));
}
