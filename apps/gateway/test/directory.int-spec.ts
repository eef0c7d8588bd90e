import { testEnvironment } from '@parley/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../src/local/local-credentials.ts';
import { fictionalNumber, provisionTenant, startGateway, type RunningGateway } from './gateway-harness.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

describe('the directory admin API', () => {
  const secrets = generateLocalSecrets();
  let gateway: RunningGateway;

  beforeAll(async () => {
    gateway = await startGateway({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: 'http://127.0.0.1:9' });
  });

  afterAll(async () => {
    await gateway.stop();
  });

  it('creates a tenant and a number with a default voice flow', async () => {
    const e164 = fictionalNumber();
    const { tenantId, numberId } = await provisionTenant(gateway, { e164 });
    const number = (await (await gateway.admin(`/admin/tenants/${tenantId}/numbers/${numberId}`)).json()) as Record<string, unknown>;
    expect(number).toMatchObject({
      id: numberId,
      tenantId,
      e164,
      numberType: 'long-code',
      smsEnabled: true,
      voiceEnabled: false,
      voiceFlow: { language: 'en-US', deflection: { enabled: true, digit: '1' } },
    });
  });

  it('answers 404 for a number of another tenant, whatever id is sent', async () => {
    const mine = await provisionTenant(gateway, { e164: fictionalNumber() });
    const theirs = await provisionTenant(gateway, { e164: fictionalNumber() });
    const peek = await gateway.admin(`/admin/tenants/${mine.tenantId}/numbers/${theirs.numberId}`);
    expect(peek.status).toBe(404);
    const change = await gateway.admin(`/admin/tenants/${mine.tenantId}/numbers/${theirs.numberId}`, { method: 'PATCH', body: { label: 'Mine now' } });
    expect(change.status).toBe(404);
  });

  it('refuses a number twice, a non-E.164 number and a menu with clashing digits, naming the problem', async () => {
    const { tenantId } = await provisionTenant(gateway, { e164: fictionalNumber() });
    const e164 = fictionalNumber();
    expect((await gateway.admin(`/admin/tenants/${tenantId}/numbers`, { method: 'POST', body: { e164, label: 'A' } })).status).toBe(201);
    const again = await gateway.admin(`/admin/tenants/${tenantId}/numbers`, { method: 'POST', body: { e164, label: 'B' } });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const notE164 = await gateway.admin(`/admin/tenants/${tenantId}/numbers`, { method: 'POST', body: { e164: '0800 123', label: 'C' } });
    expect(notE164.status).toBe(400);
    expect(await notE164.json()).toMatchObject({ errors: [{ path: 'e164' }] });
    const clash = await gateway.admin(`/admin/tenants/${tenantId}/numbers`, {
      method: 'POST',
      body: {
        e164: fictionalNumber(),
        label: 'D',
        voiceEnabled: true,
        voiceFlow: { menu: { prompt: 'Choose', options: [{ digit: '1', label: 'A', queue: 'a' }, { digit: '1', label: 'B', queue: 'b' }] } },
      },
    });
    expect(clash.status).toBe(400);
  });

  it('refuses the admin API without the admin token', async () => {
    const response = await fetch(`${gateway.url}/admin/tenants`);
    expect(response.status).toBe(401);
  });
});
