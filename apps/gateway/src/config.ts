import { readFileSync, existsSync } from 'node:fs';
import { adminFragment, composeConfig, defineConfigFragment, standardFragments, type ConfigOf } from '@parley/platform/config';
import { z } from 'zod';

const positiveNumber = z.coerce.number().positive();

const edgeFragment = defineConfigFragment({
  env: {
    PARLEY_PUBLIC_URL: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/$/, '')),
    PARLEY_KEY_SECRET: z.string().min(32, 'must be at least 32 characters'),
    PARLEY_DIRECTORY_CACHE_MS: z.coerce.number().int().min(0).max(300_000).default(10_000),
  },
  build: (env) => ({
    edge: {
      publicUrl: env.PARLEY_PUBLIC_URL,
      keySecret: env.PARLEY_KEY_SECRET,
      directoryCacheMs: env.PARLEY_DIRECTORY_CACHE_MS,
    },
  }),
});

/** A PEM key given inline or as a path to a file holding it. */
const pemOrFile = z
  .string()
  .min(1)
  .transform((value, context) => {
    const text = value.includes('-----BEGIN') ? value : existsSync(value) ? readFileSync(value, 'utf8') : '';
    if (!text.includes('PRIVATE KEY-----')) {
      context.addIssue({ code: 'custom', message: 'must be a PEM private key or the path of a file holding one' });
      return z.NEVER;
    }
    return text.replace(/\\n/g, '\n');
  });

const vonageFragment = defineConfigFragment({
  env: {
    VONAGE_API_HOST: z
      .url({ protocol: /^https?$/ })
      .default('https://api.nexmo.com')
      .transform((url) => url.replace(/\/$/, '')),
    VONAGE_APPLICATION_ID: z.string().min(1),
    VONAGE_PRIVATE_KEY: pemOrFile,
    VONAGE_API_KEY: z.string().min(1),
    VONAGE_SIGNATURE_SECRET: z.string().min(16, 'must be at least 16 characters'),
    VONAGE_REQUIRE_SIGNED_WEBHOOKS: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
    VONAGE_WEBHOOK_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(90_000),
    VONAGE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    VONAGE_SEND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    VONAGE_SEND_UNCONFIRMED_AFTER_MS: z.coerce.number().int().min(10_000).default(600_000),
    VONAGE_RATE_LONG_CODE_PER_SECOND: positiveNumber.default(1),
    VONAGE_RATE_TOLL_FREE_PER_SECOND: positiveNumber.default(3),
    VONAGE_RATE_SHORT_CODE_PER_SECOND: positiveNumber.default(30),
  },
  build: (env) => ({
    vonage: {
      apiHost: env.VONAGE_API_HOST,
      applicationId: env.VONAGE_APPLICATION_ID,
      privateKey: env.VONAGE_PRIVATE_KEY,
      apiKey: env.VONAGE_API_KEY,
      signatureSecret: env.VONAGE_SIGNATURE_SECRET,
      requireSignedWebhooks: env.VONAGE_REQUIRE_SIGNED_WEBHOOKS,
      webhookMaxAgeSeconds: env.VONAGE_WEBHOOK_MAX_AGE_SECONDS,
      requestTimeoutMs: env.VONAGE_REQUEST_TIMEOUT_MS,
      sendMaxAttempts: env.VONAGE_SEND_MAX_ATTEMPTS,
      sendUnconfirmedAfterMs: env.VONAGE_SEND_UNCONFIRMED_AFTER_MS,
      ratePerSecond: {
        'long-code': env.VONAGE_RATE_LONG_CODE_PER_SECOND,
        'toll-free': env.VONAGE_RATE_TOLL_FREE_PER_SECOND,
        'short-code': env.VONAGE_RATE_SHORT_CODE_PER_SECOND,
      },
    },
  }),
});

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/$/, ''));

// The services whose own admin APIs the gateway's admin API fronts (front-door settings, screening policies).
const servicesFragment = defineConfigFragment({
  env: {
    PARLEY_IVR_MENU_URL: httpUrl.default('http://127.0.0.1:3002'),
    PARLEY_COMPLIANCE_FILTER_URL: httpUrl.default('http://127.0.0.1:3001'),
    PARLEY_ROUTING_URL: httpUrl.default('http://127.0.0.1:3003'),
    PARLEY_ARCHIVE_URL: httpUrl.default('http://127.0.0.1:3004'),
    PARLEY_REPORTING_URL: httpUrl.default('http://127.0.0.1:3005'),
    PARLEY_SERVICE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  },
  build: (env) => ({
    services: {
      urls: { 'ivr-menu': env.PARLEY_IVR_MENU_URL, 'compliance-filter': env.PARLEY_COMPLIANCE_FILTER_URL, routing: env.PARLEY_ROUTING_URL, archive: env.PARLEY_ARCHIVE_URL, reporting: env.PARLEY_REPORTING_URL },
      timeoutMs: env.PARLEY_SERVICE_TIMEOUT_MS,
    },
  }),
});

const originList = z
  .string()
  .default('')
  .transform((value) => value.split(',').map((entry) => entry.trim().replace(/\/$/, '')).filter((entry) => entry !== ''))
  .pipe(z.array(z.url({ protocol: /^https?$/ })));

// Desk users: sessions, login throttling, invitations, and how long desk requests wait for the services' answers.
const deskFragment = defineConfigFragment({
  env: {
    PARLEY_SESSION_IDLE_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
    PARLEY_SESSION_MAX_SECONDS: z.coerce.number().int().min(300).max(7 * 86_400).default(43_200),
    PARLEY_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    PARLEY_LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(50),
    PARLEY_LOGIN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(900),
    PARLEY_INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    PARLEY_DESK_ORIGINS: originList,
    PARLEY_COMMAND_WAIT_MS: z.coerce.number().int().min(0).max(30_000).default(5_000),
    PARLEY_LIVE_PUSH_INTERVAL_MS: z.coerce.number().int().min(500).max(300_000).default(5_000),
  },
  build: (env) => ({
    desk: {
      session: { idleSeconds: env.PARLEY_SESSION_IDLE_SECONDS, maxSeconds: env.PARLEY_SESSION_MAX_SECONDS },
      login: {
        maxFailuresPerAccount: env.PARLEY_LOGIN_MAX_FAILURES,
        maxFailuresPerAddress: env.PARLEY_LOGIN_MAX_FAILURES_PER_ADDRESS,
        windowSeconds: env.PARLEY_LOGIN_WINDOW_SECONDS,
      },
      invitationTtlHours: env.PARLEY_INVITATION_TTL_HOURS,
      extraOrigins: env.PARLEY_DESK_ORIGINS,
      commandWaitMs: env.PARLEY_COMMAND_WAIT_MS,
      livePushIntervalMs: env.PARLEY_LIVE_PUSH_INTERVAL_MS,
    },
  }),
});

export const gatewayConfigSchema = composeConfig(
  ...standardFragments('gateway', 3000),
  adminFragment,
  edgeFragment,
  vonageFragment,
  servicesFragment,
  deskFragment,
);

export type GatewayConfig = ConfigOf<typeof gatewayConfigSchema>;
export type VonageConfig = GatewayConfig['vonage'];
