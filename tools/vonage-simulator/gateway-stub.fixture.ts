import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMS, type SMSParams } from '@vonage/messages';
import { startVonageSimulator, type RunningSimulator, type SimulatorOptions } from './simulator.ts';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubReply {
  status?: number;
  /** Sent as JSON when defined. */
  json?: unknown;
}

export type StubHandler = (request: StubRequest) => StubReply | Promise<StubReply>;

/** A loopback HTTP server playing the gateway: it records every webhook and answers as the test scripts it. */
export interface GatewayStub {
  url: string;
  requests: StubRequest[];
  handle(path: string, handler: StubHandler): void;
  waitFor(predicate: (request: StubRequest) => boolean, timeoutMs?: number): Promise<StubRequest>;
  close(): Promise<void>;
}

export async function startGatewayStub(): Promise<GatewayStub> {
  const requests: StubRequest[] = [];
  const handlers = new Map<string, StubHandler>();
  const listeners = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub.local');
      const request: StubRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      for (const listener of [...listeners]) {
        listener();
      }
      const handler = handlers.get(url.pathname);
      Promise.resolve(handler ? handler(request) : {})
        .then((reply) => {
          const payload = reply.json === undefined ? '' : JSON.stringify(reply.json);
          res.writeHead(reply.status ?? 200, payload ? { 'content-type': 'application/json' } : {});
          res.end(payload);
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle: (path, handler) => handlers.set(path, handler),
    waitFor(predicate, timeoutMs = 5000) {
      const found = requests.find(predicate);
      if (found) {
        return Promise.resolve(found);
      }
      return new Promise((resolve, reject) => {
        const listener = (): void => {
          const match = requests.find(predicate);
          if (match) {
            listeners.delete(listener);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`Gateway stub: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        listeners.add(listener);
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface TestKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

let cachedKeys: TestKeys | undefined;

/** One RSA pair per test file is enough; generating it takes a moment. */
export function testKeys(): TestKeys {
  cachedKeys ??= generateTestKeys();
  return cachedKeys;
}

export function generateTestKeys(): TestKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export const TEST_CREDENTIALS = {
  applicationId: 'aaaaaaaa-bbbb-4ccc-8ddd-0123456789ab',
  apiKey: 'abcd1234',
  apiSecret: 'secret-of-the-account',
  signatureSecret: 'signature-secret-for-webhooks',
} as const;

/** A simulator wired to the stub's paths with fast, test-sized timings. */
export function startTestSimulator(stub: GatewayStub, overrides: Partial<SimulatorOptions> = {}): Promise<RunningSimulator> {
  return startVonageSimulator({
    ...TEST_CREDENTIALS,
    publicKeyPem: testKeys().publicKeyPem,
    webhooks: {
      inboundUrl: `${stub.url}/inbound`,
      statusUrl: `${stub.url}/status`,
      voiceAnswerUrl: `${stub.url}/voice/answer`,
      voiceEventUrl: `${stub.url}/voice/event`,
    },
    retry: { initialMs: 50, maxMs: 1000, giveUpAfterMs: 30_000 },
    statusDelayMs: 10,
    timeScale: 0.01,
    ...overrides,
  });
}

/** An SDK SMS message; the SDK's parameter type asks for the two fields its class fills in anyway. */
export function sms(params: Omit<SMSParams, 'channel' | 'messageType'>): SMS {
  return new SMS({ channel: 'sms', messageType: 'text', ...params });
}
