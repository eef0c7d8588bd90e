import { KafkaTestClient, testEnvironment, waitFor } from '@parley/platform/testing';
import { startVonageSimulator, type RunningSimulator } from '@parley/vonage-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateLocalSecrets, simulatorAccountFor } from '../src/local/local-credentials.ts';
import { eventsMentioning, fictionalNumber, freePort, provisionTenant, startGateway, type RunningGateway } from './gateway-harness.ts';

const { kafkaBrokers, databaseUrl } = testEnvironment();

describe('a call through the voice flow, from the simulator', () => {
  const secrets = generateLocalSecrets();
  const kafka = new KafkaTestClient(kafkaBrokers);
  let simulator: RunningSimulator;
  let gateway: RunningGateway;
  let business: string;

  beforeAll(async () => {
    await kafka.connect();
    const port = await freePort();
    const gatewayUrl = `http://127.0.0.1:${port}`;
    simulator = await startVonageSimulator({
      ...simulatorAccountFor(secrets, gatewayUrl),
      retry: { initialMs: 50, maxMs: 500, giveUpAfterMs: 20_000 },
      timeScale: 0.02,
    });
    gateway = await startGateway({ kafkaBrokers, databaseUrl, secrets, vonageApiHost: simulator.url, port });
    business = fictionalNumber();
    await provisionTenant(gateway, {
      e164: business,
      voiceEnabled: true,
      voiceFlow: {
        greeting: 'Thanks for calling Acme Dental.',
        menu: {
          prompt: 'Press 1 for appointments or 2 for billing.',
          options: [
            { digit: '1', label: 'Appointments', queue: 'appointments' },
            { digit: '2', label: 'Billing', queue: 'billing' },
          ],
        },
        hold: { message: 'All of our team are busy. Please hold.' },
      },
    });
  });

  afterAll(async () => {
    await gateway.stop();
    await simulator.stop();
    await kafka.disconnect();
  });

  it('greets, takes the menu choice, offers text while holding, and deflects on 1', async () => {
    const call = simulator.placeCall({ from: '447700900555', to: business.slice(1) });
    const atMenu = await simulator.state.waitForCall(call.uuid, (record) => record.awaitingInput, 10_000);
    expect(atMenu.log.find((entry) => entry.action === 'talk')?.detail).toMatchObject({
      text: 'Thanks for calling Acme Dental. Press 1 for appointments or 2 for billing.',
    });

    simulator.pressDigits(call.uuid, '2');
    const holding = await simulator.state.waitForCall(
      call.uuid,
      (record) => record.awaitingInput && record.log.filter((entry) => entry.action === 'input').length >= 2,
      10_000,
    );
    expect(JSON.stringify(holding.log)).toContain('Press 1 at any time to leave the queue and continue by text message.');

    simulator.pressDigits(call.uuid, '1');
    const ended = await simulator.state.waitForCall(call.uuid, (record) => record.status === 'completed', 15_000);
    expect(JSON.stringify(ended.log)).toContain('We have sent you a text message');

    const events = await waitFor(
      'the call to be completed on voice.events',
      async () => {
        const started = (await kafka.readAll('voice.events')).filter((message) => message.value?.includes(business));
        const callId = started.length > 0 ? (JSON.parse(started[0]?.value ?? '{}') as { payload: { callId: string } }).payload.callId : undefined;
        const all = callId ? await eventsMentioning(kafka, 'voice.events', callId) : [];
        return all.some((event) => event.type === 'voice.call.completed') ? all : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(events.map((event) => event.type)).toEqual([
      'voice.call.started',
      'voice.call.answered',
      'voice.call.menu-selected',
      'voice.call.deflected',
      'voice.call.completed',
    ]);
    expect(events[2]?.payload).toMatchObject({ digit: '2', queue: 'billing' });
    expect(events[3]?.payload).toMatchObject({ callerNumber: '+447700900555', businessNumber: business, queue: 'billing' });
    expect(events[4]?.payload).toMatchObject({ outcome: 'deflected', carrierStatus: 'completed' });
    expect(Number(events[4]?.payload['durationSeconds'])).toBeGreaterThanOrEqual(0);
  });

  it('reports a caller who hangs up while waiting as abandoned', async () => {
    const call = simulator.placeCall({ from: '447700900556', to: business.slice(1) });
    await simulator.state.waitForCall(call.uuid, (record) => record.awaitingInput, 10_000);
    simulator.pressDigits(call.uuid, '1');
    await simulator.state.waitForCall(call.uuid, (record) => record.awaitingInput && record.log.filter((entry) => entry.action === 'input').length >= 2, 10_000);
    simulator.hangUp(call.uuid);
    const completed = await waitFor(
      'the abandoned call',
      async () =>
        (await kafka.readAll('voice.events'))
          .map((message) => JSON.parse(message.value ?? '{}') as { type: string; payload: Record<string, unknown> })
          .find((event) => event.type === 'voice.call.completed' && event.payload['outcome'] === 'abandoned'),
      { timeoutMs: 20_000 },
    );
    expect(completed.payload['waitedSeconds']).toEqual(expect.any(Number));
  });

  it('tells a caller of an unconfigured number it takes no calls, and records the call', async () => {
    const nobody = fictionalNumber();
    const call = simulator.placeCall({ from: '447700900557', to: nobody.slice(1) });
    const ended = await simulator.state.waitForCall(call.uuid, (record) => record.status === 'completed', 15_000);
    expect(JSON.stringify(ended.log)).toContain('this number does not take calls');
    const recorded = await waitFor('the unrouted call', async () => (await eventsMentioning(kafka, 'carrier.events', nobody)).at(0));
    expect(recorded.payload).toMatchObject({ channel: 'voice', number: nobody });
  });
});
