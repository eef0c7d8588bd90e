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
        { digit: '1', label: 'Sales', queue: 'sales' },
        { digit: '2', label: 'Support', queue: 'support' },
      ],
    },
    hold: { message: 'All of our team are helping other customers. Please stay on the line.' },
  },
} as const;

export interface SeededDemo {
  tenantId: string;
  numberId: string;
  created: boolean;
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
  return { tenantId: tenant.id, numberId: number.id, created };
}
