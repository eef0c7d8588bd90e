import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import type { LogLevel } from './simulator.logger.ts';
import type { SimulatorOptions } from './simulator.ts';

export type CliConfig = { ok: true; options: SimulatorOptions; logLevel: LogLevel } | { ok: false; problems: string[] };

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const positiveInteger = z.coerce.number().int().positive();

const ENV_SCHEMA = z.object({
  SIM_HOST: z.string().default('127.0.0.1'),
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(3010),
  VONAGE_APPLICATION_ID: z.string().min(1),
  VONAGE_PUBLIC_KEY: z.string().min(1),
  VONAGE_API_KEY: z.string().min(1),
  VONAGE_API_SECRET: z.string().min(1),
  VONAGE_SIGNATURE_SECRET: z.string().min(1),
  SIM_INBOUND_URL: url,
  SIM_STATUS_URL: url,
  SIM_VOICE_ANSWER_URL: url,
  SIM_VOICE_EVENT_URL: url,
  SIM_VOICE_FALLBACK_ANSWER_URL: url.optional(),
  SIM_RATE_LIMIT_PER_SECOND: positiveInteger.default(30),
  SIM_STATUS_DELAY_MS: z.coerce.number().int().min(0).default(200),
  SIM_RETRY_INITIAL_MS: positiveInteger.default(5_000),
  SIM_RETRY_MAX_MS: positiveInteger.default(900_000),
  SIM_RETRY_GIVE_UP_AFTER_MS: positiveInteger.default(86_400_000),
  SIM_TIME_SCALE: z.coerce.number().positive().default(1),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});

export const CLI_VARIABLES = Object.keys(ENV_SCHEMA.shape).sort();

/** PEM text (with real or `\n`-escaped line breaks) is used as is; anything else is read as a file path. */
function loadKey(value: string, readFile: (path: string) => string): string {
  const unescaped = value.replace(/\\n/g, '\n');
  return unescaped.includes('-----BEGIN') ? unescaped : readFile(value);
}

/** Reads the simulator's configuration from the environment, reporting every bad variable at once. */
export function parseCliEnv(env: Readonly<Record<string, string | undefined>>, readFile: (path: string) => string): CliConfig {
  const input: Record<string, string> = {};
  for (const name of CLI_VARIABLES) {
    const value = env[name];
    // An empty variable means "not set", as shells and templates often leave it.
    if (value !== undefined && value !== '') {
      input[name] = value;
    }
  }
  const result = ENV_SCHEMA.safeParse(input);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '(configuration)');
        return input[name] === undefined ? `${name} is not set` : `${name} is invalid: ${issue.message}`;
      });

  let publicKeyPem: string | undefined;
  if (input.VONAGE_PUBLIC_KEY !== undefined) {
    try {
      publicKeyPem = loadKey(input.VONAGE_PUBLIC_KEY, readFile);
      createPublicKey(publicKeyPem);
    } catch (error) {
      problems.push(`VONAGE_PUBLIC_KEY is invalid: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (!result.success || problems.length > 0 || publicKeyPem === undefined) {
    return { ok: false, problems };
  }
  const values = result.data;
  return {
    ok: true,
    logLevel: values.LOG_LEVEL,
    options: {
      host: values.SIM_HOST,
      port: values.SIM_PORT,
      applicationId: values.VONAGE_APPLICATION_ID,
      publicKeyPem,
      apiKey: values.VONAGE_API_KEY,
      apiSecret: values.VONAGE_API_SECRET,
      signatureSecret: values.VONAGE_SIGNATURE_SECRET,
      webhooks: {
        inboundUrl: values.SIM_INBOUND_URL,
        statusUrl: values.SIM_STATUS_URL,
        voiceAnswerUrl: values.SIM_VOICE_ANSWER_URL,
        voiceEventUrl: values.SIM_VOICE_EVENT_URL,
        ...(values.SIM_VOICE_FALLBACK_ANSWER_URL ? { voiceFallbackAnswerUrl: values.SIM_VOICE_FALLBACK_ANSWER_URL } : {}),
      },
      retry: { initialMs: values.SIM_RETRY_INITIAL_MS, maxMs: values.SIM_RETRY_MAX_MS, giveUpAfterMs: values.SIM_RETRY_GIVE_UP_AFTER_MS },
      rateLimitPerSecond: values.SIM_RATE_LIMIT_PER_SECOND,
      statusDelayMs: values.SIM_STATUS_DELAY_MS,
      timeScale: values.SIM_TIME_SCALE,
    },
  };
}
