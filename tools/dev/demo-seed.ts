import { createHmac } from 'node:crypto';

/** The demo business `npm start` provisions through the gateway's admin API, the way an operator would. */
export const DEMO_TENANT = { slug: 'demo', name: 'Acme Dental (demo)' };

export const DEMO_NUMBER = {
  e164: '+14155550100',
  label: 'Front desk',
  numberType: 'long-code',
  smsEnabled: true,
  voiceEnabled: true,
  voiceFlow: {
    greeting: 'Thanks for calling Acme Dental.',
    menu: {
      prompt: 'Press 1 for sales or 2 for support.',
      options: [
        { digit: '1', label: 'Sales', queue: 'sales', priority: 0 },
        { digit: '2', label: 'Support', queue: 'support', priority: 10 },
      ],
    },
    hold: { message: 'All of our team are helping other customers. Please stay on the line.' },
  },
} as const;

/** The text menu new conversations on the demo number walk. */
export const DEMO_MENU_ID = 'main';
export const DEMO_MENU = {
  name: 'Front desk',
  rootNodeId: 'root',
  fallbackQueue: 'support',
  nodes: [
    {
      id: 'root',
      prompt: 'Thanks for texting Acme Dental! Reply 1 for sales (new patients, whitening), 2 for support (appointments, billing), 3 for opening hours.',
      invalidReply: 'Sorry, we did not get that. Reply 1 for sales, 2 for support or 3 for opening hours.',
      options: [
        { key: '1', label: 'Sales', keywords: ['sales', 'new patient', 'whitening', 'ventas'], action: { type: 'queue', queue: 'sales' } },
        { key: '2', label: 'Support', keywords: ['support', 'appointment', 'billing', 'soporte', 'cita'], action: { type: 'queue', queue: 'support' } },
        {
          key: '3',
          label: 'Hours',
          keywords: ['hours', 'open', 'horario'],
          action: { type: 'reply', text: 'Acme Dental is open Monday to Friday 8am to 6pm and Saturday 9am to 1pm (Pacific time).' },
        },
      ],
    },
  ],
};

/** Sales answers texts in office hours only; outside them the customer may leave a message for the next opening. */
export const DEMO_SALES_SCHEDULE = {
  hours: {
    timeZone: 'America/Los_Angeles',
    weekly: {
      mon: [{ open: '08:00', close: '18:00' }],
      tue: [{ open: '08:00', close: '18:00' }],
      wed: [{ open: '08:00', close: '18:00' }],
      thu: [{ open: '08:00', close: '18:00' }],
      fri: [{ open: '08:00', close: '18:00' }],
      sat: [{ open: '09:00', close: '13:00' }],
    },
    holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
  },
  closedReply: 'Our sales team is away right now. Leave your message here and they will answer when we open.',
  takesMessages: true,
};

/** The demo's queues for routing: support first, and sales spilling over to support after five minutes. */
export const DEMO_QUEUES = [
  { key: 'support', priority: 10, serviceLevelSeconds: 120 },
  { key: 'sales', priority: 0, serviceLevelSeconds: 300, overflow: { afterSeconds: 300, toQueue: 'support' } },
] as const;

/** Demo agents: two who take several texts at once, one trainee on one at a time; all start offline. */
export const DEMO_AGENTS = [
  { agentId: 'agent_ana_lopez', displayName: 'Ana López', queues: ['sales', 'support'], capacity: 3, autoAccept: false },
  { agentId: 'agent_ben_okafor', displayName: 'Ben Okafor', queues: ['support'], capacity: 3, autoAccept: false },
  { agentId: 'agent_chloe_martin', displayName: 'Chloé Martin (trainee)', queues: ['sales'], capacity: 1, autoAccept: true },
] as const;

export const DEMO_DISPOSITIONS = ['resolved', 'appointment-booked', 'sale', 'follow-up', 'no-answer'];

/** Desk users of the demo tenant (organisation `demo`): one per role, and one for each demo agent's routing profile. */
export const DEMO_USERS = [
  { email: 'admin@acme-dental.test', displayName: 'Avery Admin', role: 'admin' },
  { email: 'sam.supervisor@acme-dental.test', displayName: 'Sam Supervisor', role: 'supervisor' },
  { email: 'casey.compliance@acme-dental.test', displayName: 'Casey Compliance', role: 'compliance' },
  { email: 'ana.lopez@acme-dental.test', displayName: 'Ana López', role: 'agent', agentId: 'agent_ana_lopez' },
  { email: 'ben.okafor@acme-dental.test', displayName: 'Ben Okafor', role: 'agent', agentId: 'agent_ben_okafor' },
  { email: 'chloe.martin@acme-dental.test', displayName: 'Chloé Martin', role: 'agent', agentId: 'agent_chloe_martin' },
] as const;

/** A demo user's password: derived from this machine's admin token, so it is the same on every start and nowhere else. */
export function demoPassword(adminToken: string, email: string): string {
  return `demo-${createHmac('sha256', adminToken).update(`demo-user\u0000${email}`).digest('base64url').slice(0, 12)}`;
}

export interface SeededDemo {
  tenantId: string;
  numberId: string;
  created: boolean;
  users: Array<{ email: string; role: string; password: string }>;
}

/** Creates the demo tenant and its number unless they exist; safe to run on every start. */
export async function seedDemo(gatewayUrl: string, adminToken: string): Promise<SeededDemo> {
  const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const call = async <T>(path: string, method = 'GET', body?: unknown): Promise<T> => {
    const response = await fetch(`${gatewayUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  };
  const { tenants } = await call<{ tenants: { id: string; slug: string }[] }>('/admin/tenants');
  let created = false;
  let tenant = tenants.find((candidate) => candidate.slug === DEMO_TENANT.slug);
  if (!tenant) {
    tenant = await call<{ id: string; slug: string }>('/admin/tenants', 'POST', DEMO_TENANT);
    created = true;
  }
  const { numbers } = await call<{ numbers: { id: string; e164: string }[] }>(`/admin/tenants/${tenant.id}/numbers`);
  let number = numbers.find((candidate) => candidate.e164 === DEMO_NUMBER.e164);
  if (!number) {
    number = await call<{ id: string; e164: string }>(`/admin/tenants/${tenant.id}/numbers`, 'POST', DEMO_NUMBER);
    created = true;
  }
  // The front door is configured on every start, so the demo always shows the current menu.
  await call(`/admin/tenants/${tenant.id}/menus/${DEMO_MENU_ID}`, 'PUT', DEMO_MENU);
  await call(`/admin/tenants/${tenant.id}/numbers/${number.id}/front-door`, 'PUT', {
    businessName: 'Acme Dental',
    menuId: DEMO_MENU_ID,
    queue: 'support',
  });
  await call(`/admin/tenants/${tenant.id}/queues/sales/schedule`, 'PUT', DEMO_SALES_SCHEDULE);
  // Routing: queues (support before sales, which overflows into it), disposition codes and the agents.
  for (const { key, ...queue } of DEMO_QUEUES) {
    await call(`/admin/tenants/${tenant.id}/queues/${key}`, 'PUT', queue);
  }
  await call(`/admin/tenants/${tenant.id}/routing-settings`, 'PUT', { dispositions: DEMO_DISPOSITIONS });
  for (const { agentId, ...profile } of DEMO_AGENTS) {
    await call(`/admin/tenants/${tenant.id}/agents/${agentId}`, 'PUT', profile);
  }
  // Desk users are made once, with their password, so a password changed through the desk stays changed.
  const { users } = await call<{ users: { email: string }[] }>(`/admin/tenants/${tenant.id}/users`);
  for (const user of DEMO_USERS) {
    if (!users.some((existing) => existing.email === user.email)) {
      await call(`/admin/tenants/${tenant.id}/users`, 'POST', { ...user, password: demoPassword(adminToken, user.email) });
    }
  }
  const seededUsers = DEMO_USERS.map((user) => ({ email: user.email, role: user.role, password: demoPassword(adminToken, user.email) }));
  return { tenantId: tenant.id, numberId: number.id, created, users: seededUsers };
}
