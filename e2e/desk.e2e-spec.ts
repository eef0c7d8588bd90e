import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import type { RunningSimulator } from '@parley/vonage-simulator';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets } from '../apps/gateway/src/local/local-credentials.ts';
import { callGatewayAdmin, startPlatform, startPlatformSimulator, tenantConversationEvents, type RunningPlatform } from './support/platform-processes.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

/** Debian's chromium unless CHROMIUM_PATH names another; the browser is never downloaded by the tests. */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
/** Screenshots of each step, kept after the run. */
const ARTIFACTS = join(import.meta.dirname, '..', '.parley', 'test-artifacts', 'desk');

const BUSINESS = `+1415${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
const customer = (index: number) => `+4477009${String(Math.floor(Math.random() * 10_000) * 10 + index).padStart(5, '0')}`;
const PROMPT = 'Thanks for texting Acme! Reply 1 for sales or 2 for support.';
const PASSWORD = 'correct horse battery staple';
const CARD = '4111 1111 1111 1111';

/**
 * The desk in a real browser against the running platform: customers text from the simulator's phone page, agents
 * and a supervisor work in the desk the gateway serves. Agent steps use the keyboard only.
 */
describe('the web desk in a browser', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  let simulator: RunningSimulator;
  let platform: RunningPlatform;
  let browser: Browser;
  let tenantId: string;
  let tenantSlug: string;

  const admin = (path: string, method = 'GET', body?: unknown) => callGatewayAdmin(platform, secrets.adminToken, path, method, body);

  const events = () => tenantConversationEvents(kafka, tenantId);

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  }

  /** A customer's phone: the simulator's own page, texting the business number. */
  async function phone(number: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${simulator.url}/_sim/phone?customer=${number.slice(1)}&business=${BUSINESS.slice(1)}`);
    return page;
  }

  async function text(page: Page, body: string): Promise<void> {
    await page.getByTestId('compose-text').fill(body);
    await page.getByTestId('send-button').click();
  }

  async function receives(page: Page, body: string): Promise<void> {
    await page.locator('.bubble.theirs', { hasText: body }).first().waitFor({ timeout: 30_000 });
  }

  /** Signs in with the keyboard: type into each field, Enter submits. */
  async function signIn(email: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(platform.url('gateway'));
    await page.getByLabel('Organisation').fill(tenantSlug);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByText('live', { exact: true }).waitFor({ timeout: 15_000 });
    return page;
  }

  /** Routing's live view of one agent, as the operator API shows it. */
  async function routingAgent(agentId: string): Promise<Record<string, unknown> | undefined> {
    const live = (await (await admin(`/admin/tenants/${tenantId}/live`)).json()) as { agents: Array<Record<string, unknown>> };
    return live.agents.find((agent) => agent['agentId'] === agentId);
  }

  /**
   * Presence by keyboard: focus the radio group and move with the arrow keys, then wait until routing counts the agent
   * as available with a connected desk, since the desk's radio changes before routing has applied the command.
   */
  async function becomeAvailable(page: Page, agentId: string): Promise<void> {
    await page.getByRole('radio', { name: 'offline' }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(async () => page.getByRole('radio', { name: 'available' }).isChecked()).toBe(true);
    await expect.poll(async () => routingAgent(agentId), { timeout: 15_000 }).toMatchObject({ presence: 'available', connected: true });
  }

  /** Waits for an offer on the agent's desk; a miss reports what routing and the services knew, not just a timeout. */
  async function offerShown(page: Page, agentId: string): Promise<void> {
    try {
      await page.getByTestId('offer').first().waitFor({ timeout: 30_000 });
    } catch (error) {
      const routing = await (await admin(`/admin/tenants/${tenantId}/live`)).text();
      const lifecycle = (await events()).map((event) => `${event.type} ${event.conversationId ?? ''}`).join('\n');
      const warnings = (['gateway', 'routing', 'ivr-menu'] as const).map((service) => `${service}:\n${platform.logs(service).slice(-4_000)}`).join('\n');
      throw new Error(`no offer for ${agentId}\nrouting: ${routing}\nevents:\n${lifecycle}\n${warnings}`, { cause: error });
    }
  }

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await kafka.connect();
    simulator = await startPlatformSimulator(secrets);
    platform = await startPlatform({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: simulator.url, logLevel: 'warn', env: { PARLEY_LIVE_PUSH_INTERVAL_MS: '500' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'] });
    tenantSlug = `desk-${randomUUID().slice(0, 8)}`;
    const tenant = (await (await admin('/admin/tenants', 'POST', { slug: tenantSlug, name: 'Acme Dental' })).json()) as { id: string };
    tenantId = tenant.id;
    const number = (await (await admin(`/admin/tenants/${tenantId}/numbers`, 'POST', { e164: BUSINESS, label: 'Front desk' })).json()) as { id: string };
    const menu = {
      name: 'Main',
      rootNodeId: 'root',
      fallbackQueue: 'support',
      nodes: [
        {
          id: 'root',
          prompt: PROMPT,
          options: [
            { key: '1', label: 'Sales', keywords: ['sales'], action: { type: 'queue', queue: 'sales' } },
            { key: '2', label: 'Support', keywords: ['support'], action: { type: 'queue', queue: 'support' } },
          ],
        },
      ],
    };
    expect((await admin(`/admin/tenants/${tenantId}/menus/main`, 'PUT', menu)).status).toBe(200);
    expect((await admin(`/admin/tenants/${tenantId}/numbers/${number.id}/front-door`, 'PUT', { businessName: 'Acme', menuId: 'main' })).status).toBe(200);
    for (const queue of ['sales', 'support']) {
      expect((await admin(`/admin/tenants/${tenantId}/queues/${queue}`, 'PUT', { priority: 0, serviceLevelSeconds: 60 })).status).toBe(200);
    }
    expect((await admin(`/admin/tenants/${tenantId}/routing-settings`, 'PUT', { dispositions: ['resolved', 'follow-up'] })).status).toBe(200);
    expect((await admin(`/admin/tenants/${tenantId}/agents/agent_desk_ana`, 'PUT', { displayName: 'Ana', queues: ['support'], capacity: 1 })).status).toBe(200);
    expect((await admin(`/admin/tenants/${tenantId}/agents/agent_desk_ben`, 'PUT', { displayName: 'Ben', queues: ['sales'], capacity: 3 })).status).toBe(200);
    for (const user of [
      { email: 'ana@acme.test', displayName: 'Ana', role: 'agent', agentId: 'agent_desk_ana' },
      { email: 'ben@acme.test', displayName: 'Ben', role: 'agent', agentId: 'agent_desk_ben' },
      { email: 'sam@acme.test', displayName: 'Sam', role: 'supervisor' },
    ]) {
      expect((await admin(`/admin/tenants/${tenantId}/users`, 'POST', { ...user, password: PASSWORD })).status).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    await simulator?.stop();
    await kafka.disconnect();
  });

  it('serves the desk with a policy that runs only its own scripts', async () => {
    const response = await fetch(platform.url('gateway'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await response.text()).toContain('<div id="root">');
  });

  it('a customer texts and answers the menu; the agent accepts, sees the card redacted, replies, is blocked sending a card, and closes', async () => {
    const supervisor = await signIn('sam@acme.test');
    const supportRow = supervisor.getByTestId('queue-support');
    await supportRow.waitFor();
    expect(await supportRow.getByTestId('assigned').textContent()).toBe('0');

    const ana = await signIn('ana@acme.test');
    await becomeAvailable(ana, 'agent_desk_ana');

    const customerPhone = await phone(customer(1));
    await text(customerPhone, 'Hello, my crown came off');
    await receives(customerPhone, PROMPT);
    await text(customerPhone, '2');

    await offerShown(ana, 'agent_desk_ana');
    await shot(ana, '01-agent-offer');
    // Accept with the keyboard shortcut, twice, as an impatient double press would.
    await ana.keyboard.press('Alt+a');
    await ana.keyboard.press('Alt+a');
    await ana.getByTestId('conversation-tab').waitFor({ timeout: 15_000 });
    await expect.poll(async () => supportRow.getByTestId('assigned').textContent(), { timeout: 15_000 }).toBe('1');
    await shot(supervisor, '02-supervisor-queue-assigned');

    await text(customerPhone, `My card is ${CARD}, can you charge the balance?`);
    await ana.locator('[data-testid="message-in"]', { hasText: 'card ending 1111' }).waitFor({ timeout: 30_000 });
    expect(await ana.content()).not.toContain(CARD);
    await ana.locator('[data-testid="message-in"] .redacted').first().waitFor();

    // Script in a message is shown as text and never runs.
    await text(customerPhone, '<img src=x onerror="window.__parleyInjected=1">');
    await ana.locator('[data-testid="message-in"]', { hasText: '<img src=x' }).waitFor({ timeout: 30_000 });
    expect(await ana.evaluate(() => (globalThis as { __parleyInjected?: number }).__parleyInjected)).toBeUndefined();

    const reply = ana.getByLabel('Reply', { exact: true });
    await reply.focus();
    await ana.keyboard.type('Thanks! We never take card numbers by text; we will call you at 3pm.');
    await expect.poll(async () => ana.getByTestId('segment-meter').textContent()).toMatch(/GSM-7 · 1 segment/);
    await ana.keyboard.press('Control+Enter');
    await receives(customerPhone, 'we will call you at 3pm');
    await ana.locator('[data-testid="delivery"][aria-label="delivered"]').first().waitFor({ timeout: 30_000 });

    await reply.focus();
    await ana.keyboard.type(`Your card ${CARD} is on file`);
    await ana.keyboard.press('Control+Enter');
    await expect.poll(async () => ana.getByTestId('reply-problem').textContent(), { timeout: 15_000 }).toMatch(/Not sent/);
    await shot(ana, '03-agent-reply-blocked');
    await shot(customerPhone, '04-customer-phone');

    await ana.getByRole('button', { name: 'Close', exact: true }).focus();
    await ana.keyboard.press('Enter');
    await ana.getByLabel('Disposition').selectOption('resolved');
    await ana.getByRole('button', { name: 'Close conversation' }).focus();
    await ana.keyboard.press('Enter');
    await ana.getByText('No conversations yet.', { exact: false }).waitFor({ timeout: 15_000 });
    await shot(ana, '05-agent-closed');

    const log = await events();
    const conversation = log.find((event) => event.type === 'conversation.assigned')?.conversationId;
    expect(log.filter((event) => event.type === 'conversation.assigned' && event.conversationId === conversation)).toHaveLength(1);
    expect(log.find((event) => event.type === 'conversation.closed' && event.conversationId === conversation)?.payload).toMatchObject({ disposition: 'resolved' });
    expect(JSON.stringify(log)).not.toContain(CARD.replaceAll(' ', ''));
    await Promise.all([supervisor.close(), ana.close(), customerPhone.close()]);

    // Reporting's record of the closed conversation, through the gateway's admin API (reporting publishes on a tick).
    const record = await waitFor(
      "reporting's record of the conversation",
      async () => {
        const response = await admin(`/admin/tenants/${tenantId}/reports/conversations/${conversation}`);
        return response.status === 200 ? ((await response.json()) as Record<string, unknown>) : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 1_000 },
    );
    expect(JSON.stringify(record)).toContain('resolved');
    expect(JSON.stringify(record)).not.toContain('we will call you');
  });

  it('a second agent handles three conversations at once', async () => {
    const ben = await signIn('ben@acme.test');
    await becomeAvailable(ben, 'agent_desk_ben');
    const phones = await Promise.all([2, 3, 4].map((index) => phone(customer(index))));
    for (const [index, page] of phones.entries()) {
      await text(page, `Hi, question ${index + 1} about prices`);
      await receives(page, PROMPT);
      await text(page, '1');
    }
    for (let accepted = 0; accepted < 3; accepted += 1) {
      await offerShown(ben, 'agent_desk_ben');
      await ben.keyboard.press('Alt+a');
      await expect.poll(async () => ben.getByTestId('conversation-tab').count(), { timeout: 15_000 }).toBe(accepted + 1);
    }
    for (let index = 1; index <= 3; index += 1) {
      await ben.keyboard.press(`Alt+${index}`);
      const reply = ben.getByLabel('Reply', { exact: true });
      await reply.focus();
      await ben.keyboard.type(`Reply number ${index} from Ben`);
      await ben.keyboard.press('Control+Enter');
      await expect.poll(async () => reply.inputValue(), { timeout: 15_000 }).toBe('');
    }
    await shot(ben, '06-agent-three-conversations');
    const received = await Promise.all(
      phones.map((page) =>
        waitFor('a reply from Ben', async () => (await page.locator('.bubble.theirs', { hasText: 'from Ben' }).allTextContents())[0], { timeoutMs: 30_000, intervalMs: 300 }),
      ),
    );
    expect(new Set(received.map((line) => /Reply number (\d)/.exec(line)?.[1]))).toEqual(new Set(['1', '2', '3']));
    await Promise.all([ben.close(), ...phones.map((page) => page.close())]);
  });
});
