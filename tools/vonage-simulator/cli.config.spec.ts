import { describe, expect, it } from 'vitest';
import { parseCliEnv } from './cli.config.ts';
import { testKeys } from './gateway-stub.fixture.ts';

const noFiles = (path: string): string => {
  throw new Error(`ENOENT: ${path}`);
};

function validEnv(): Record<string, string> {
  return {
    VONAGE_APPLICATION_ID: 'app-id',
    VONAGE_PUBLIC_KEY: testKeys().publicKeyPem,
    VONAGE_API_KEY: 'key',
    VONAGE_API_SECRET: 'secret',
    VONAGE_SIGNATURE_SECRET: 'signature',
    SIM_INBOUND_URL: 'http://127.0.0.1:3000/webhooks/vonage/inbound',
    SIM_STATUS_URL: 'http://127.0.0.1:3000/webhooks/vonage/status',
    SIM_VOICE_ANSWER_URL: 'http://127.0.0.1:3000/webhooks/vonage/voice/answer',
    SIM_VOICE_EVENT_URL: 'http://127.0.0.1:3000/webhooks/vonage/voice/event',
  };
}

describe('parseCliEnv', () => {
  it('builds the options with production-faithful defaults', () => {
    const config = parseCliEnv(validEnv(), noFiles);

    expect(config).toMatchObject({
      ok: true,
      logLevel: 'info',
      options: {
        host: '127.0.0.1',
        port: 3010,
        applicationId: 'app-id',
        rateLimitPerSecond: 30,
        statusDelayMs: 200,
        timeScale: 1,
        retry: { initialMs: 5000, maxMs: 900000, giveUpAfterMs: 86400000 },
        webhooks: { inboundUrl: 'http://127.0.0.1:3000/webhooks/vonage/inbound' },
      },
    });
  });

  it('reads the tuning variables', () => {
    const config = parseCliEnv(
      {
        ...validEnv(),
        SIM_PORT: '0',
        SIM_RATE_LIMIT_PER_SECOND: '5',
        SIM_RETRY_INITIAL_MS: '50',
        SIM_RETRY_MAX_MS: '1000',
        SIM_RETRY_GIVE_UP_AFTER_MS: '30000',
        SIM_STATUS_DELAY_MS: '0',
        SIM_TIME_SCALE: '0.1',
        SIM_VOICE_FALLBACK_ANSWER_URL: 'http://127.0.0.1:3000/fallback',
        LOG_LEVEL: 'debug',
      },
      noFiles,
    );

    expect(config).toMatchObject({
      ok: true,
      logLevel: 'debug',
      options: {
        port: 0,
        rateLimitPerSecond: 5,
        statusDelayMs: 0,
        timeScale: 0.1,
        retry: { initialMs: 50, maxMs: 1000, giveUpAfterMs: 30000 },
        webhooks: { voiceFallbackAnswerUrl: 'http://127.0.0.1:3000/fallback' },
      },
    });
  });

  it('accepts a PEM with escaped line breaks, or a path to read', () => {
    const escaped = parseCliEnv({ ...validEnv(), VONAGE_PUBLIC_KEY: testKeys().publicKeyPem.replace(/\n/g, '\\n') }, noFiles);
    const fromFile = parseCliEnv({ ...validEnv(), VONAGE_PUBLIC_KEY: 'keys/public.pem' }, (path) => (path === 'keys/public.pem' ? testKeys().publicKeyPem : ''));

    expect(escaped.ok).toBe(true);
    expect(fromFile.ok && fromFile.options.publicKeyPem).toBe(testKeys().publicKeyPem);
  });

  it('accepts a private key, whose public half verifies the tokens', () => {
    expect(parseCliEnv({ ...validEnv(), VONAGE_PUBLIC_KEY: testKeys().privateKeyPem }, noFiles).ok).toBe(true);
  });

  it('names every missing or invalid variable at once', () => {
    const config = parseCliEnv(
      { SIM_PORT: 'eighty', SIM_INBOUND_URL: 'ftp://example.com', SIM_TIME_SCALE: '-1', VONAGE_PUBLIC_KEY: '/missing.pem', VONAGE_API_KEY: '' },
      noFiles,
    );

    expect(config.ok).toBe(false);
    const problems = config.ok ? [] : config.problems;
    for (const name of [
      'SIM_PORT',
      'SIM_INBOUND_URL',
      'SIM_TIME_SCALE',
      'VONAGE_PUBLIC_KEY',
      'VONAGE_API_KEY',
      'VONAGE_APPLICATION_ID',
      'VONAGE_API_SECRET',
      'VONAGE_SIGNATURE_SECRET',
      'SIM_STATUS_URL',
      'SIM_VOICE_ANSWER_URL',
      'SIM_VOICE_EVENT_URL',
    ]) {
      expect(problems.some((problem) => problem.startsWith(`${name} `)), name).toBe(true);
    }
    expect(problems).toContain('VONAGE_API_KEY is not set');
  });
});
