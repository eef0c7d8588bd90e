import { Injectable, RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AdminTokenGuard, PROBLEM_CONTENT_TYPE } from '@parley/platform/http';
import { z } from 'zod';
import { DESK_ACCESS_METADATA, type DeskAccessRule } from '../identity/desk-access.rule.ts';
import { VonageWebhookGuard } from '../webhooks/vonage-webhook.guard.ts';
import { API_DOC_METADATA, API_TAG_METADATA, type ApiDocOptions } from './api-doc.decorator.ts';
import { documentedMethodsOf, openApiPath, RouteCatalog } from './route-catalog.ts';

type JsonObject = Record<string, unknown>;

interface DocumentedRoute {
  doc: ApiDocOptions;
  tag: string;
  access: DeskAccessRule | undefined;
  security: 'admin-token' | 'vonage' | 'desk' | 'none';
}

/** Routes served outside Nest's controllers: the platform's health endpoints and the desk's WebSocket. */
const OTHER_ROUTES: Readonly<Record<string, { tag: string; doc: ApiDocOptions; access?: DeskAccessRule }>> = {
  'GET /healthz': { tag: 'operations', doc: { summary: 'Liveness: the process answers' } },
  'GET /readyz': { tag: 'operations', doc: { summary: 'Readiness: Kafka, every consumer group and the database' } },
  'GET /metrics': { tag: 'operations', doc: { summary: 'Prometheus metrics', produces: 'text/plain' } },
  'GET /api/live': {
    tag: 'desk: live',
    access: { roles: ['agent', 'supervisor', 'compliance', 'admin'] },
    doc: {
      summary: 'The desk\'s WebSocket (upgrade): events that concern the user, live queue figures, conversation subscriptions',
      description: 'Needs the session cookie and an allowed Origin; answers 401 or 403 (problem+json) instead of upgrading. Frames are described in docs/desk-api.md.',
      status: 101,
    },
  },
};

const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', description: 'A stable code for the client' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
    details: { type: 'object' },
  },
};

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function joinPath(...parts: readonly string[]): string {
  const joined = parts
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return `/${joined}`;
}

function asArray(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value ?? '']).map(String);
}

/**
 * The gateway's OpenAPI 3.1 document, built from what is really served: every route Fastify registered, described by
 * the `@ApiDoc` of its handler (with the zod schemas it validates with), its tag, and its access rule (desk roles,
 * the admin token, signed carrier webhooks). A route without a description is left out, which the tests catch.
 */
@Injectable()
export class OpenApiDocument {
  #document: JsonObject | undefined;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly catalog: RouteCatalog,
  ) {}

  document(): JsonObject {
    this.#document ??= this.#build();
    return this.#document;
  }

  #build(): JsonObject {
    const handlers = this.#handlers();
    const paths: Record<string, Record<string, JsonObject>> = {};
    for (const route of this.catalog.routes()) {
      for (const method of documentedMethodsOf(route)) {
        const described = handlers.get(`${method} ${route.url}`) ?? handlers.get(`ALL ${route.url}`) ?? this.#other(method, route.url);
        if (!described) {
          continue;
        }
        const path = openApiPath(route.url);
        paths[path] = { ...paths[path], [method.toLowerCase()]: this.#operation(method, route.url, described) };
      }
    }
    return {
      openapi: '3.1.0',
      info: {
        title: 'Parley gateway',
        version: '1',
        description:
          'The gateway\'s HTTP API: the agent desk (/api, session cookie and x-csrf-token), the operators\' admin API (/admin, bearer admin token) and the carrier\'s webhooks (signed by Vonage). Errors are application/problem+json.',
      },
      jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
      // Plain code-unit order: a locale-aware comparison would load collation data into every gateway for one sort.
      paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      components: {
        schemas: { Problem: problemSchema },
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-parley_session', description: 'The desk session (parley_session over plain http on localhost).' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'The session\'s CSRF token, on every POST, PUT, PATCH and DELETE.' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'PARLEY_ADMIN_TOKEN' },
          vonageSignature: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Vonage\'s signed webhook token' },
        },
      },
    };
  }

  #other(method: string, url: string): DocumentedRoute | undefined {
    const other = OTHER_ROUTES[`${method} ${url}`];
    return other ? { doc: other.doc, tag: other.tag, access: other.access, security: other.access ? 'desk' : 'none' } : undefined;
  }

  /** Every Nest handler with its description, by `METHOD /fastify/url` (`ALL` for a route of every method). */
  #handlers(): Map<string, DocumentedRoute> {
    const handlers = new Map<string, DocumentedRoute>();
    for (const wrapper of this.discovery.getControllers()) {
      const metatype = wrapper.metatype as Type | null;
      const instance = wrapper.instance as object | undefined;
      if (!metatype || !instance) {
        continue;
      }
      const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, metatype));
      const tag = this.reflector.get<string | undefined>(API_TAG_METADATA, metatype) ?? 'other';
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, metatype) ?? []) as unknown[];
      const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function') {
          continue;
        }
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const doc = this.reflector.get<ApiDocOptions | undefined>(API_DOC_METADATA, handler);
        if (paths === undefined || method === undefined || !doc) {
          continue;
        }
        const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[])];
        const access = this.reflector.get<DeskAccessRule | undefined>(DESK_ACCESS_METADATA, handler);
        const security = access ? 'desk' : guards.includes(AdminTokenGuard) ? 'admin-token' : guards.includes(VonageWebhookGuard) ? 'vonage' : 'none';
        for (const prefix of prefixes) {
          for (const path of asArray(paths)) {
            handlers.set(`${RequestMethod[method]} ${joinPath(prefix, path)}`, { doc, tag, access, security });
          }
        }
      }
    }
    return handlers;
  }

  #operation(method: string, url: string, route: DocumentedRoute): JsonObject {
    const { doc, access } = route;
    const pathParameters = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (url.endsWith('*')) {
      pathParameters.push({ name: 'path', in: 'path', required: true, schema: { type: 'string' } });
    }
    const queryParameters = doc.query ? this.#queryParameters(doc.query) : [];
    const headerParameters = (doc.headers ?? []).map((header) => ({ name: header.name, in: 'header', required: header.required, description: header.description, schema: { type: 'string' } }));
    const status = String(doc.status ?? 200);
    const hasBody = doc.body !== undefined && method !== 'GET' && method !== 'DELETE';
    const successContent =
      status === '204' || status === '101'
        ? undefined
        : doc.produces
          ? { [doc.produces]: { schema: { type: 'string' } } }
          : { 'application/json': { schema: doc.response ? jsonSchemaOf(doc.response, 'output') : {} } };
    const isUnsafe = method !== 'GET';
    return {
      tags: [route.tag],
      summary: doc.summary,
      ...(doc.description === undefined ? {} : { description: doc.description }),
      operationId: `${method.toLowerCase()}${openApiPath(url).replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_match, next: string | undefined) => (next ?? '').toUpperCase())}`,
      ...(pathParameters.length + queryParameters.length + headerParameters.length > 0 ? { parameters: [...pathParameters, ...queryParameters, ...headerParameters] } : {}),
      ...(hasBody && doc.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(doc.body, 'input'), ...(doc.example === undefined ? {} : { example: doc.example }) } } } }
        : {}),
      responses: {
        [status]: { description: status === '204' ? 'Done, nothing to return' : status === '101' ? 'Switching protocols' : 'Success', ...(successContent ? { content: successContent } : {}) },
        default: { description: 'A problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
      security:
        route.security === 'admin-token'
          ? [{ adminToken: [] }]
          : route.security === 'vonage'
            ? [{ vonageSignature: [] }]
            : route.security === 'desk' && access && !('public' in access)
              ? [isUnsafe ? { session: [], csrf: [] } : { session: [] }]
              : [],
      ...(access ? { 'x-parley-roles': 'public' in access ? 'public' : [...access.roles] } : {}),
      ...(doc.upsert === true ? { 'x-parley-upsert': true } : {}),
      ...(doc.forwarded === true ? { 'x-parley-forwarded': true } : {}),
    };
  }

  #queryParameters(schema: z.ZodType): JsonObject[] {
    const json = jsonSchemaOf(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
    return Object.entries(json.properties ?? {}).map(([name, property]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: property }));
  }
}
