// Credentials for running the gateway against the local Vonage simulator, used by `npm start`, tests and benchmarks.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Everything secret a local platform needs: the admin token, the id-keying secret and a Vonage application. */
export interface LocalSecrets {
  adminToken: string;
  keySecret: string;
  vonage: {
    applicationId: string;
    apiKey: string;
    apiSecret: string;
    signatureSecret: string;
    privateKeyPem: string;
    publicKeyPem: string;
  };
}

export function generateLocalSecrets(): LocalSecrets {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    adminToken: randomBytes(24).toString('base64url'),
    keySecret: randomBytes(32).toString('base64url'),
    vonage: {
      applicationId: randomUUID(),
      apiKey: randomBytes(4).toString('hex'),
      apiSecret: randomBytes(12).toString('base64url'),
      signatureSecret: randomBytes(24).toString('base64url'),
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
  };
}

/** Made once and kept with the dev data, so tokens and keys stay the same across restarts. */
export function loadOrCreateLocalSecrets(file: string): LocalSecrets {
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (stored.vonage && stored.keySecret && stored.adminToken) {
      return stored as LocalSecrets;
    }
  }
  const secrets = generateLocalSecrets();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The gateway's environment for talking to a Vonage simulator (or any Vonage-compatible endpoint) at `apiHost`. */
export function gatewayVonageEnv(secrets: LocalSecrets, apiHost: string, publicUrl: string): Record<string, string> {
  return {
    PARLEY_ADMIN_TOKEN: secrets.adminToken,
    PARLEY_KEY_SECRET: secrets.keySecret,
    PARLEY_PUBLIC_URL: publicUrl,
    VONAGE_API_HOST: apiHost,
    VONAGE_APPLICATION_ID: secrets.vonage.applicationId,
    VONAGE_PRIVATE_KEY: secrets.vonage.privateKeyPem,
    VONAGE_API_KEY: secrets.vonage.apiKey,
    VONAGE_SIGNATURE_SECRET: secrets.vonage.signatureSecret,
  };
}

/** The simulator's side of the same account: its credentials and the gateway webhooks it calls at `gatewayUrl`. */
export function simulatorAccountFor(secrets: LocalSecrets, gatewayUrl: string) {
  return {
    applicationId: secrets.vonage.applicationId,
    publicKeyPem: secrets.vonage.publicKeyPem,
    apiKey: secrets.vonage.apiKey,
    apiSecret: secrets.vonage.apiSecret,
    signatureSecret: secrets.vonage.signatureSecret,
    webhooks: {
      inboundUrl: `${gatewayUrl}/webhooks/vonage/inbound`,
      statusUrl: `${gatewayUrl}/webhooks/vonage/status`,
      voiceAnswerUrl: `${gatewayUrl}/webhooks/vonage/voice/answer`,
      voiceEventUrl: `${gatewayUrl}/webhooks/vonage/voice/event`,
    },
  };
}
