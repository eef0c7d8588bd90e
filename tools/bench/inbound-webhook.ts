// Loopback load on the inbound SMS webhook of a real gateway process: every request is a distinct, signed carrier
// message that must reach Kafka (acks=all) before the 200. Prints latency percentiles and sustained throughput.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { startBenchService, type BenchService } from './bench-service.ts';
import { openLoop, percentile } from './open-loop.ts';
import { buckets, type Buckets } from './prometheus-text.ts';
import { buildAll } from '../build/build.ts';
import { gatewayVonageEnv, generateLocalSecrets, type LocalSecrets } from '../../apps/gateway/src/local/local-credentials.ts';
import { kafkaStatus } from '../local-stack/kafka.ts';
import { stackDataDir, startStack } from '../local-stack/stack.ts';
import { KafkaTestClient } from '../../libs/platform/src/testing/kafka-test-client.ts';

const repoRoot = process.cwd();
const PORT = 3990;
const RATE = Number(process.argv[2] ?? 500);
const SECONDS = Number(process.argv[3] ?? 30);
const WARM_UP_STEP_SECONDS = 5;
const WARM_UP_MIN_SECONDS = 15;
const WARM_UP_MAX_SECONDS = 120;
/** The broker's JIT compilers count as settled below this share of one core over a warm-up step. */
const SETTLED_JIT_SHARE = 0.05;
const BUSINESS = '+14155550199';

/** The inbound webhook's answered requests, from the gateway's own histogram. */
function handled(metrics: string): Buckets {
  return buckets(metrics, 'parley_http_request_duration_seconds', 'route="/webhooks/vonage/inbound",status="200"');
}

/** CPU seconds the broker's JIT compiler threads (HotSpot's C1 and C2) have used so far (Linux /proc). */
function brokerJitSeconds(pid: number): number {
  let ticks = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
    if (/^\d+ \(C\d CompilerThre/.test(stat)) {
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  }
  return ticks / 100;
}

/** Cumulative CPU time of the whole machine (Linux /proc/stat): busy, stolen by the hypervisor, and in all. */
function machineCpu(): { busy: number; steal: number; total: number } {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

function signedRequest(secrets: LocalSecrets): { body: string; authorization: string } {
  const body = JSON.stringify({
    channel: 'sms',
    message_uuid: randomUUID(),
    to: BUSINESS.slice(1),
    from: '447700900123',
    timestamp: new Date().toISOString(),
    message_type: 'text',
    text: 'Hello, is the clinic open on Saturday morning?',
    sms: { num_messages: '1', keyword: 'HELLO' },
  });
  const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({
      iat: Math.floor(Date.now() / 1000),
      jti: randomUUID(),
      iss: 'Vonage',
      payload_hash: createHash('sha256').update(body).digest('hex'),
      api_key: secrets.vonage.apiKey,
    }),
  ).toString('base64url');
  const signature = createHmac('sha256', secrets.vonage.signatureSecret).update(`${header}.${claims}`).digest('base64url');
  return { body, authorization: `Bearer ${header}.${claims}.${signature}` };
}

/** Closed-loop saturation with autocannon: how many requests per second the gateway sustains. */
async function saturate(url: string, secrets: LocalSecrets, options: { connections: number; seconds: number }) {
  const requests = Array.from({ length: 3_000 * options.seconds }, () => signedRequest(secrets));
  let next = 0;
  return autocannon({
    url: `${url}/webhooks/vonage/inbound`,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        setupRequest: (request) => {
          const signed = requests[next++ % requests.length] ?? signedRequest(secrets);
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: signed.authorization },
            body: signed.body,
          };
        },
      },
    ],
  });
}

buildAll(repoRoot);
const stack = await startStack({ profile: 'test', repoRoot, env: process.env, brokerTuning: 'throughput' });
const secrets = generateLocalSecrets();
const url = `http://127.0.0.1:${PORT}`;
let gateway: BenchService | undefined;
try {
  gateway = await startBenchService(repoRoot, 'gateway', {
    port: PORT,
    kafkaBrokers: stack.kafkaBrokers,
    databaseUrl: stack.databaseUrl,
    env: gatewayVonageEnv(secrets, 'http://127.0.0.1:9', url),
  });
  const admin = { authorization: `Bearer ${secrets.adminToken}`, 'content-type': 'application/json' };
  const tenant = (await (await fetch(`${url}/admin/tenants`, { method: 'POST', headers: admin, body: JSON.stringify({ slug: 'bench', name: 'Bench' }) })).json()) as { id: string };
  await fetch(`${url}/admin/tenants/${tenant.id}/numbers`, { method: 'POST', headers: admin, body: JSON.stringify({ e164: BUSINESS, label: 'Bench' }) });

  const target = `${url}/webhooks/vonage/inbound`;
  const next = () => {
    const signed = signedRequest(secrets);
    return { body: signed.body, headers: { 'content-type': 'application/json', authorization: signed.authorization } };
  };
  // Steady state is what is measured: a fresh broker's JVM compiles its hot paths for a minute or more under load,
  // taking up to a core from everything else, and the gateway's JIT needs some thousand requests.
  // An external broker (KAFKA_BROKERS) has no process here to watch: its warm-up is the minimum.
  const brokerPid = (await kafkaStatus(join(stackDataDir(repoRoot, 'test'), 'kafka'))).pid;
  const jitSeconds = () => (brokerPid === undefined ? 0 : brokerJitSeconds(brokerPid));
  const warmUp = { ok: 0, seconds: 0, jitShare: Number.NaN };
  while (warmUp.seconds < WARM_UP_MAX_SECONDS) {
    const jitBefore = jitSeconds();
    warmUp.ok += (await openLoop({ url: target, ratePerSecond: RATE, seconds: WARM_UP_STEP_SECONDS, next })).ok;
    warmUp.seconds += WARM_UP_STEP_SECONDS;
    warmUp.jitShare = (jitSeconds() - jitBefore) / WARM_UP_STEP_SECONDS;
    if (warmUp.seconds >= WARM_UP_MIN_SECONDS && warmUp.jitShare < SETTLED_JIT_SHARE) {
      break;
    }
  }
  const handledBefore = handled(await (await fetch(`${url}/metrics`)).text());
  const cpuBefore = machineCpu();
  const paced = await openLoop({ url: target, ratePerSecond: RATE, seconds: SECONDS, next });
  const cpuAfter = machineCpu();
  const residentMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, 'utf8'))?.[1]) / 1024;
  const handledAfter = handled(await (await fetch(`${url}/metrics`)).text());
  const flat = await saturate(url, secrets, { connections: 50, seconds: 15 });
  const metrics = await (await fetch(`${url}/metrics`)).text();

  const kafka = new KafkaTestClient(stack.kafkaBrokers);
  await kafka.connect();
  const published = (await kafka.readAll('sms.inbound.raw', { timeoutMs: 60_000 })).length;
  await kafka.disconnect();
  const accepted = warmUp.ok + paced.ok + flat['2xx'];
  const publish = metrics.split('\n').filter((line) => line.startsWith('parley_message_publish_duration_seconds_bucket') && line.includes('sms.inbound.raw'));

  console.log(
    `warm-up at ${RATE} requests/s: ${warmUp.seconds} s, until the broker's JIT compilers used ${(100 * warmUp.jitShare).toFixed(1)} % of a core over the last ${WARM_UP_STEP_SECONDS} s`,
  );
  console.log(
    `open loop at ${RATE} requests/s for ${SECONDS} s: ${paced.ok} ok, ${paced.failed} failed; latency from each request's scheduled start p50 ${percentile(paced.latencies, 50).toFixed(1)} ms, p90 ${percentile(paced.latencies, 90).toFixed(1)} ms, p99 ${percentile(paced.latencies, 99).toFixed(1)} ms, max ${Math.max(...paced.latencies).toFixed(1)} ms`,
  );
  console.log(
    `  the gateway's own view of the same requests (from parsed request to reply): ${handledAfter
      .map(([bound, count], index) => [bound, count - (handledBefore[index]?.[1] ?? 0)] as const)
      .filter(([bound]) => bound >= 0.005 && bound <= 0.1)
      .map(([bound, count]) => `${((100 * count) / paced.sent).toFixed(1)} % within ${bound * 1000} ms`)
      .join(', ')}`,
  );
  const total = cpuAfter.total - cpuBefore.total;
  console.log(
    `  the gateway's resident memory at the end: ${residentMb.toFixed(1)} MB; the machine meanwhile: ${((100 * (cpuAfter.busy - cpuBefore.busy)) / total).toFixed(0)} % of both cores busy, ${((100 * (cpuAfter.steal - cpuBefore.steal)) / total).toFixed(1)} % taken by the host (steal)`,
  );
  console.log(`unpaced, 50 connections, 15 s: ${flat.requests.average.toFixed(0)} requests/s sustained, latency p50 ${flat.latency.p50} ms, p99 ${flat.latency.p99} ms, non-2xx ${flat.non2xx}, errors ${flat.errors}`);
  console.log(`gateway's own Kafka-ack histogram (cumulative counts by upper bound):\n  ${publish.map((line) => line.replace(/^.*le="([^"]+)".* (\d+)$/, '$1 s: $2')).join('\n  ')}`);
  console.log(`events on sms.inbound.raw: ${published} for ${accepted} requests answered 2xx, warm-up included (each acknowledged by Kafka before its 200)`);
} finally {
  await gateway?.stop();
  await stack.stop();
}
