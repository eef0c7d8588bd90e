import { testEnvironment } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../src/local/local-credentials.ts';
import { documentedMethodsOf, openApiPath, RouteCatalog } from '../src/openapi/route-catalog.ts';
import { startGateway, type RunningGateway } from './gateway-harness.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

type Document = { openapi: string; paths: Record<string, Record<string, { summary?: string; 'x-parley-roles'?: unknown; security?: unknown[] }>> };

describe('the OpenAPI document', () => {
  let gateway: RunningGateway;
  let document: Document;

  beforeAll(async () => {
    gateway = await startGateway({ kafkaBrokers, databaseUrl, secrets: generateLocalSecrets(), vonageApiHost: 'http://127.0.0.1:9' });
    const response = await fetch(`${gateway.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Document;
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('lists every route Fastify registered, with each method it serves', () => {
    const routes = gateway.app.get(RouteCatalog).routes();
    expect(routes.length).toBeGreaterThan(80);
    const missing = routes.flatMap((route) =>
      documentedMethodsOf(route)
        .filter((method) => document.paths[openApiPath(route.url)]?.[method.toLowerCase()]?.summary === undefined)
        .map((method) => `${method} ${route.url}`),
    );
    expect(missing).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
  });

  it('gives every desk route its roles and its session, and every admin route the admin token', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (path.startsWith('/api/')) {
          expect(operation['x-parley-roles'], `${method} ${path}`).toBeDefined();
        }
        if (path.startsWith('/admin/')) {
          expect(operation.security, `${method} ${path}`).toEqual([{ adminToken: [] }]);
        }
      }
    }
    expect(document.paths['/api/conversations/{conversationId}/messages']?.['post']?.security).toEqual([{ session: [], csrf: [] }]);
  });

  it('has its schemas from the zod schemas the routes validate with', async () => {
    const raw = (await fetch(`${gateway.url}/docs/openapi.json`).then((response) => response.json())) as {
      paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { properties?: Record<string, { maxLength?: number }> } } } } }>>;
    };
    const reply = raw.paths['/api/conversations/{conversationId}/messages']?.['post']?.requestBody?.content['application/json'].schema;
    expect(reply?.properties?.['text']?.maxLength).toBe(918);
  });

  it('serves a readable page that needs nothing from the network and runs only its own script', async () => {
    const page = await fetch(`${gateway.url}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await page.text();
    expect(html).toContain("fetch('openapi.json')");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\//);
    expect(html).not.toContain('innerHTML');
  });
});
