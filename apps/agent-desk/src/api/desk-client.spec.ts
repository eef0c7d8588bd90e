import { describe, expect, it } from 'vitest';
import { DeskApiError, DeskClient } from './desk-client.ts';

function recording(response: Response) {
  const calls: { input: string; init: RequestInit }[] = [];
  const fetch = async (input: string, init: RequestInit) => {
    calls.push({ input, init });
    return response.clone();
  };
  return { calls, fetch };
}

describe('desk client', () => {
  it('sends the CSRF token on changes only', async () => {
    const { calls, fetch } = recording(new Response('{"ok":true}', { status: 200 }));
    const client = new DeskClient({ fetch });
    client.csrfToken = 'tok_1';
    await client.get('/api/me');
    await client.post('/api/conversations/c1/accept', { offerId: 'o1' });
    const headers = calls.map((call) => call.init.headers as Record<string, string>);
    expect(headers[0]?.['x-csrf-token']).toBeUndefined();
    expect(headers[1]?.['x-csrf-token']).toBe('tok_1');
    expect(calls[1]?.init.body).toBe('{"offerId":"o1"}');
  });

  it('turns problem+json into an error with code, details and field errors, and reports an ended session', async () => {
    let ended = 0;
    const problem = { status: 401, title: 'Unauthorized', detail: 'Your session has expired.', code: 'session.expired' };
    const { fetch } = recording(new Response(JSON.stringify(problem), { status: 401, headers: { 'content-type': 'application/problem+json' } }));
    const client = new DeskClient({ fetch, onSessionEnded: () => (ended += 1) });
    const error = await client.get('/api/me').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeskApiError);
    expect((error as DeskApiError).code).toBe('session.expired');
    expect(ended).toBe(1);

    const invalid = new DeskApiError(400, { detail: 'Invalid body.', code: 'validation.failed', errors: [{ path: 'text', message: 'too long' }] });
    expect(invalid.describe()).toBe('Invalid body. (text: too long)');
  });
});
