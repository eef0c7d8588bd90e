import { describe, expect, it } from 'vitest';
import { documentedMethodsOf, openApiPath } from './route-catalog.ts';

describe('route paths in the OpenAPI document', () => {
  it('writes Fastify\'s parameters and wildcards as OpenAPI\'s', () => {
    expect(openApiPath('/api/conversations/:conversationId/history/:earlierConversationId/transcript')).toBe(
      '/api/conversations/{conversationId}/history/{earlierConversationId}/transcript',
    );
    expect(openApiPath('/admin/tenants/:tenantId/archive/*')).toBe('/admin/tenants/{tenantId}/archive/{path}');
  });

  it('documents the standard methods of a route registered for all of them', () => {
    expect(documentedMethodsOf({ methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'], url: '/x' })).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  });
});
