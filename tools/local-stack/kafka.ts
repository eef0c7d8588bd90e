// A real single-node Apache Kafka 4.x broker (KRaft, combined broker+controller) for dev and tests, without Docker.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import {
  LOOPBACK,
  assertPortsFree,
  canConnect,
  findOwnedProcess,
  isAlive,
  parleyCacheDir,
  pathExists,
  removePidFile,
  run,
  sleep,
  tailFile,
  terminate,
  writePidFile,
} from './processes.ts';

const { Kafka, logLevel } = kafkajs;

const moduleDir = path.dirname(fileURLToPath(import.meta.url));
const POM_FILE = path.join(moduleDir, 'kafka', 'pom.xml');
const LOG4J_FILE = path.join(moduleDir, 'kafka', 'log4j2.properties');
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';
const MIN_JAVA = 17;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const DEFAULT_HEAP_MB = 512;

export interface StartKafkaOptions {
  dataDir: string;
  port: number;
  controllerPort: number;
  /** Max heap; 512 MB suits a 2-core machine that also runs Postgres and the Node services. */
  heapMb?: number;
  /** Broker stdout/stderr; defaults to kafka.log in dataDir. */
  logFile?: string;
  /** Extra server.properties entries, e.g. group.min.session.timeout.ms for tests with short timeouts. */
  extraConfig?: Record<string, string | number | boolean>;
  /** fast-start (tests): only the quick JIT tier; throughput (a running platform, benchmarks): the full JIT. */
  tuning?: 'fast-start' | 'throughput';
}

export interface StartedKafka {
  /** Bootstrap servers string for kafkajs, e.g. 127.0.0.1:9092. */
  brokers: string;
  pid: number;
  /** True when an already running broker from the same dataDir was reused. */
  reused: boolean;
  /** Time spent in kafka.tools.StorageTool, only on the first start of a dataDir. */
  formatMs?: number;
  /** Time from spawning the JVM (or finding it) to passing every readiness check. */
  readyMs: number;
}

interface KafkaState {
  port: number;
  controllerPort: number;
  logFile: string;
  version: string;
  /** A class-data archive this broker dumps when it exits, adopted by stopKafka. */
  cds?: { partial: string; archive: string };
}

function files(dataDir: string) {
  return {
    pid: path.join(dataDir, 'kafka.pid'),
    state: path.join(dataDir, 'kafka.json'),
    config: path.join(dataDir, 'server.properties'),
    clusterId: path.join(dataDir, 'cluster.id'),
    logDirs: path.join(dataDir, 'logs'),
    defaultLog: path.join(dataDir, 'kafka.log'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Artifacts

/** The broker version pinned in kafka/pom.xml, which names the cache folder. */
export async function kafkaVersion(): Promise<string> {
  const pom = await readFile(POM_FILE, 'utf8');
  const match = /<kafka\.version>\s*([^<\s]+)\s*<\/kafka\.version>/.exec(pom);
  if (!match?.[1]) throw new Error(`kafka: no <kafka.version> property in ${POM_FILE}`);
  return match[1];
}

/** Folder holding the cached jars for the pinned version (it may not exist yet). */
export async function kafkaLibsDir(): Promise<string> {
  return path.join(parleyCacheDir(), 'kafka', await kafkaVersion(), 'libs');
}

function javaCommand(): string {
  const home = process.env['JAVA_HOME'];
  return home ? path.join(home, 'bin', 'java') : 'java';
}

let javaChecked: Promise<string> | undefined;

/** Fails with an actionable message unless a Java 17+ runtime is reachable; resolves to its `-version` text. */
export function checkJava(): Promise<string> {
  javaChecked ??= (async () => {
    const java = javaCommand();
    const where = process.env['JAVA_HOME'] ? `JAVA_HOME (${java})` : 'PATH';
    const result = await run(java, ['-version']);
    if (result.missing) {
      throw new Error(
        `kafka: \`java\` was not found on ${where}. The Kafka ${await kafkaVersion()} broker needs Java ${MIN_JAVA} or newer; ` +
          'install a JDK/JRE 17+ (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME.',
      );
    }
    const match = /version "(\d+)(?:\.(\d+))?/.exec(result.output);
    const major = match ? (match[1] === '1' ? Number(match[2]) : Number(match[1])) : Number.NaN;
    if (result.code !== 0 || Number.isNaN(major)) {
      throw new Error(`kafka: could not read the Java version from \`${java} -version\`:\n${result.output.trim()}`);
    }
    if (major < MIN_JAVA) {
      throw new Error(
        `kafka: Java ${major} found on ${where}, but Kafka 4.x brokers need Java ${MIN_JAVA} or newer; ` +
          'put a newer JDK first on PATH or set JAVA_HOME.',
      );
    }
    return `${java}\n${result.output.trim()}`;
  })();
  javaChecked.catch(() => (javaChecked = undefined));
  return javaChecked;
}

async function pomDigest(): Promise<string> {
  return createHash('sha256')
    .update(await readFile(POM_FILE))
    .digest('hex');
}

async function artifactsComplete(libs: string, marker: string, digest: string, version: string): Promise<boolean> {
  try {
    const recorded = (await readFile(marker, 'utf8')).trim();
    return recorded === digest && (await pathExists(path.join(libs, `kafka_2.13-${version}.jar`)));
  } catch {
    return false;
  }
}

let artifactsInFlight: Promise<string> | undefined;

/**
 * Downloads the broker jars once with Maven into ${PARLEY_CACHE_DIR:-$XDG_CACHE_HOME/parley}/kafka/<version>/libs
 * and returns that folder; a marker holding the pom's digest makes later calls instant and refetches on pom edits.
 */
export function ensureKafkaArtifacts(): Promise<string> {
  // Concurrent callers share one fetch; later calls re-check the marker, which costs one file read.
  artifactsInFlight ??= fetchArtifacts().finally(() => (artifactsInFlight = undefined));
  return artifactsInFlight;
}

async function fetchArtifacts(): Promise<string> {
  const version = await kafkaVersion();
  const versionDir = path.join(parleyCacheDir(), 'kafka', version);
  const libs = path.join(versionDir, 'libs');
  const marker = path.join(versionDir, 'libs.complete');
  const digest = await pomDigest();
  await checkJava();
  if (await artifactsComplete(libs, marker, digest, version)) return libs;

  const probe = await run('mvn', ['--version']);
  if (probe.missing) {
    throw new Error(
      `kafka: \`mvn\` (Apache Maven) was not found on PATH. It is needed once to download the Kafka ${version} ` +
        `broker jars from Maven Central into ${libs}; install it (e.g. \`apt-get install maven\`) and retry.`,
    );
  }

  await mkdir(versionDir, { recursive: true });
  // A private staging folder keeps a half-finished download (or a concurrent fetch) from ever looking complete.
  const staging = path.join(versionDir, `libs.partial-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    const result = await run('mvn', [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      POM_FILE,
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${staging}`,
    ]);
    if (result.code !== 0) {
      throw new Error(
        `kafka: fetching the broker jars with Maven failed (exit ${String(result.code)}). Maven Central must be ` +
          `reachable (a proxy can be set in ~/.m2/settings.xml). Output:\n${result.output.trim().slice(-4000)}`,
      );
    }
    if (!(await pathExists(path.join(staging, `kafka_2.13-${version}.jar`)))) {
      throw new Error(`kafka: Maven finished but kafka_2.13-${version}.jar is missing from ${staging}`);
    }
    await rm(libs, { recursive: true, force: true });
    await rename(staging, libs);
    await writeFile(marker, `${digest}\n`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return libs;
}

/** Jar count and total bytes of the cached broker, for reports. */
export async function describeArtifacts(libs: string): Promise<{ jars: number; bytes: number }> {
  const names = (await readdir(libs)).filter((name) => name.endsWith('.jar'));
  let bytes = 0;
  for (const name of names) bytes += (await stat(path.join(libs, name))).size;
  return { jars: names.length, bytes };
}

// ---------------------------------------------------------------------------------------------------------------
// Broker lifecycle

function serverProperties(options: StartKafkaOptions, logDirs: string): string {
  const { port, controllerPort } = options;
  const config: Record<string, string | number | boolean> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${LOOPBACK}:${controllerPort}`,
    listeners: `PLAINTEXT://${LOOPBACK}:${port},CONTROLLER://${LOOPBACK}:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://${LOOPBACK}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': logDirs,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'share.coordinator.state.topic.num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': false,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'num.recovery.threads.per.data.dir': 1,
    // After an unclean exit the restarted broker waits for its old registration's session to expire (9 s default).
    'broker.session.timeout.ms': 4_000,
    'broker.heartbeat.interval.ms': 1_000,
    ...options.extraConfig,
  };
  const lines = Object.entries(config).map(([key, value]) => `${key}=${String(value)}`);
  return `# Written by tools/local-stack/kafka.ts on every start; edit that file instead.\n${lines.join('\n')}\n`;
}

function jvmFlags(heapMb: number, tuning: 'fast-start' | 'throughput'): string[] {
  const extra = (process.env['PARLEY_KAFKA_JAVA_OPTS'] ?? '').split(/\s+/).filter(Boolean);
  return [
    `-Xms${Math.min(heapMb, 256)}m`,
    `-Xmx${heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-XX:MaxInlineLevel=15',
    '-XX:+ExitOnOutOfMemoryError',
    // C1 only: measured faster to ready on 2 cores; a test broker never runs long enough to need C2.
    ...(tuning === 'fast-start' ? ['-XX:TieredStopAtLevel=1'] : []),
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J_FILE}`,
    ...extra,
  ];
}

async function readState(file: string): Promise<KafkaState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as KafkaState;
  } catch {
    return undefined;
  }
}

async function clusterIdFor(file: string): Promise<string> {
  try {
    const existing = (await readFile(file, 'utf8')).trim();
    if (existing) return existing;
  } catch {
    // First start of this dataDir: generate below.
  }
  // KRaft wants 16 random bytes as unpadded URL-safe base64; like Kafka's Uuid.randomUuid we reject a leading '-',
  // which command-line parsers (StorageTool's argparse4j included) take for an option.
  let id = randomBytes(16).toString('base64url');
  while (id.startsWith('-')) id = randomBytes(16).toString('base64url');
  await writeFile(file, `${id}\n`);
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// Class-data sharing: an AppCDS archive of the loaded classes, dumped at the first clean JVM exit and reused after,
// measured to cut the broker's spawn-to-ready from ~3.8 s to ~2 s and StorageTool from ~1.4 s to ~0.7 s on 2 cores.

interface CdsPlan {
  flags: string[];
  /** Set when this run dumps: where the JVM writes at exit, and the name it is renamed to once complete. */
  partial?: string;
  archive?: string;
}

const STALE_PARTIAL_MS = 10 * 60_000;

async function cdsPlan(kind: 'broker' | 'storage-tool', libs: string, flags: string[]): Promise<CdsPlan> {
  if (process.env['PARLEY_KAFKA_CDS'] === '0') return { flags: [] };
  const dir = path.join(path.dirname(libs), 'cds');
  await mkdir(dir, { recursive: true });
  // The archive is only valid for the exact JVM, jar set (paths and mtimes, renewed on every fetch) and flags.
  const marker = path.join(path.dirname(libs), 'libs.complete');
  const key = createHash('sha256')
    .update(await checkJava())
    .update(await readFile(marker, 'utf8').catch(() => ''))
    .update(String((await stat(marker).catch(() => undefined))?.mtimeMs ?? 0))
    .update(flags.filter((flag) => !flag.startsWith('-Xm')).join(' '))
    .digest('hex')
    .slice(0, 16);
  const archive = path.join(dir, `${kind}-${key}.jsa`);
  if (await pathExists(archive)) return { flags: [`-XX:SharedArchiveFile=${archive}`] };
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    // A partial nobody adopted (its broker was never stopped through stopKafka) is safe to drop once it is old.
    if (name.includes('.partial-') && info && Date.now() - info.mtimeMs > STALE_PARTIAL_MS) {
      await rm(file, { force: true });
    }
  }
  const partial = `${archive}.partial-${randomBytes(4).toString('hex')}`;
  // The dump lists every class it skips as a warning, which would bury the broker log; errors still show.
  return { flags: [`-XX:ArchiveClassesAtExit=${partial}`, '-Xlog:cds*=error'], partial, archive };
}

/** Publishes a dumped archive after a clean exit, or discards it; the first finished dump wins. */
async function settleCds(plan: { partial?: string; archive?: string } | undefined, exitedCleanly: boolean): Promise<void> {
  if (!plan?.partial || !plan.archive) return;
  const size = (await stat(plan.partial).catch(() => undefined))?.size ?? 0;
  if (exitedCleanly && size > 0 && !(await pathExists(plan.archive))) {
    await rename(plan.partial, plan.archive).catch(() => undefined);
  }
  await rm(plan.partial, { force: true });
}

async function formatStorage(libs: string, paths: ReturnType<typeof files>): Promise<number | undefined> {
  if (await pathExists(path.join(paths.logDirs, 'meta.properties'))) return undefined;
  const clusterId = await clusterIdFor(paths.clusterId);
  const started = Date.now();
  // A short-lived tool JVM: serial GC and C1 start fastest, and the heap it needs is tiny.
  const flags = [
    '-Xmx256m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${LOG4J_FILE}`,
  ];
  const cds = await cdsPlan('storage-tool', libs, flags);
  const result = await run(javaCommand(), [
    ...flags,
    ...cds.flags,
    '-cp',
    path.join(libs, '*'),
    'kafka.tools.StorageTool',
    'format',
    `--cluster-id=${clusterId}`,
    `--config=${paths.config}`,
    '--ignore-formatted',
  ]);
  await settleCds(cds, result.code === 0);
  if (result.code !== 0) {
    throw new Error(`kafka: formatting storage in ${paths.logDirs} failed:\n${result.output.trim()}`);
  }
  return Date.now() - started;
}

function kafkaClient(brokers: string) {
  return new Kafka({
    clientId: 'parley-local-stack-readiness',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
}

/** Cheapest proof a consumer group can join: the group's coordinator answers a DescribeGroups request. */
async function groupCoordinatorReady(admin: Admin): Promise<void> {
  // FindCoordinator makes a fresh broker create __consumer_offsets; until it is loaded this throws and we retry.
  await admin.describeGroups(['parley-local-stack-readiness']);
}

/**
 * Waits until the broker accepts TCP, answers metadata with itself as a live broker and a known controller, and
 * serves a group coordinator; throws with the log tail when the process dies or the deadline passes.
 */
export async function waitForKafka(
  brokers: string,
  options: { pid?: number; logFile?: string; timeoutMs?: number } = {},
): Promise<void> {
  const { pid, logFile, timeoutMs = READY_TIMEOUT_MS } = options;
  const [host = LOOPBACK, portText = ''] = brokers.split(':');
  const port = Number(portText);
  const deadline = Date.now() + timeoutMs;
  let phase = 'TCP connect';
  let lastError = '';
  const failure = async (reason: string): Promise<Error> => {
    const tail = logFile ? `\nLast lines of ${logFile}:\n${await tailFile(logFile)}` : '';
    const detail = lastError ? ` (last error: ${lastError})` : '';
    return new Error(`kafka: ${reason}; stuck at ${phase}${detail}.${tail}`);
  };

  const kafka = kafkaClient(brokers);
  while (Date.now() < deadline) {
    if (pid !== undefined && !(await isAlive(pid))) throw await failure(`the broker (pid ${pid}) exited during startup`);
    if (!(await canConnect(host, port, 500))) {
      await sleep(100);
      continue;
    }
    phase = 'cluster metadata';
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length === 0 || cluster.controller === null || cluster.controller < 0) {
        throw new Error('no live broker or controller in metadata yet');
      }
      phase = 'group coordinator';
      await groupCoordinatorReady(admin);
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      await sleep(100);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw await failure(`not ready on ${brokers} after ${Math.round(timeoutMs / 1000)} s`);
}

/**
 * Starts (or reuses) a single-node KRaft broker+controller on 127.0.0.1, formatting dataDir on first use; the JVM runs
 * in its own process group so a terminal Ctrl-C reaches only the orchestrator, which stops things in order.
 */
export async function startKafka(options: StartKafkaOptions): Promise<StartedKafka> {
  const dataDir = path.resolve(options.dataDir);
  const paths = files(dataDir);
  const brokers = `${LOOPBACK}:${options.port}`;
  const logFile = path.resolve(options.logFile ?? paths.defaultLog);
  await mkdir(dataDir, { recursive: true });

  const existing = await findOwnedProcess(paths.pid, paths.config);
  if (existing !== undefined) {
    const state = await readState(paths.state);
    if (state && (state.port !== options.port || state.controllerPort !== options.controllerPort)) {
      throw new Error(
        `kafka: a broker from ${dataDir} is already running (pid ${existing}) on ports ${state.port}/${state.controllerPort}, ` +
          `not ${options.port}/${options.controllerPort}; stop it first.`,
      );
    }
    const started = Date.now();
    await waitForKafka(brokers, { pid: existing, logFile: state?.logFile ?? logFile });
    return { brokers, pid: existing, reused: true, readyMs: Date.now() - started };
  }

  const libs = await ensureKafkaArtifacts();
  await assertPortsFree('kafka', [options.port, options.controllerPort]);
  await mkdir(paths.logDirs, { recursive: true });
  await writeFile(paths.config, serverProperties(options, paths.logDirs));
  const formatMs = await formatStorage(libs, paths);

  const flags = jvmFlags(options.heapMb ?? DEFAULT_HEAP_MB, options.tuning ?? 'fast-start');
  const cds = await cdsPlan('broker', libs, flags);
  const started = Date.now();
  const logFd = openSync(logFile, 'w');
  let pid: number | undefined;
  try {
    const child = spawn(javaCommand(), [...flags, ...cds.flags, '-cp', path.join(libs, '*'), 'kafka.Kafka', paths.config], {
      cwd: dataDir,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => (child.pid === undefined ? reject(new Error('no pid')) : resolve(child.pid)));
      child.once('error', reject);
    });
    child.unref();
  } finally {
    closeSync(logFd);
  }

  const state: KafkaState = {
    port: options.port,
    controllerPort: options.controllerPort,
    logFile,
    version: await kafkaVersion(),
  };
  if (cds.partial && cds.archive) state.cds = { partial: cds.partial, archive: cds.archive };
  await writePidFile(paths.pid, pid);
  await writeFile(paths.state, `${JSON.stringify(state, null, 2)}\n`);
  try {
    await waitForKafka(brokers, { pid, logFile });
  } catch (error) {
    // Never leave a half-started broker behind: the caller only gets an error, not a pid to clean up.
    await terminate(pid, { signal: 'SIGTERM', timeoutMs: 5_000 });
    await removePidFile(paths.pid);
    await settleCds(state.cds, false);
    throw error;
  }
  const result: StartedKafka = { brokers, pid, reused: false, readyMs: Date.now() - started };
  if (formatMs !== undefined) result.formatMs = formatMs;
  return result;
}

/** SIGTERM (controlled shutdown), up to 20 s, then SIGKILL; only ever signals the pid this module started. */
export async function stopKafka(dataDir: string): Promise<void> {
  const paths = files(path.resolve(dataDir));
  const pid = await findOwnedProcess(paths.pid, paths.config);
  const outcome = pid === undefined ? undefined : await terminate(pid, { signal: 'SIGTERM', timeoutMs: STOP_TIMEOUT_MS });
  await removePidFile(paths.pid);
  const state = await readState(paths.state);
  if (state?.cds) {
    // Only an archive from a JVM we saw exit by itself after SIGTERM is known to be completely written.
    await settleCds(state.cds, outcome !== undefined && !outcome.forced);
    delete state.cds;
    await writeFile(paths.state, `${JSON.stringify(state, null, 2)}\n`);
  }
}

export async function kafkaStatus(dataDir: string): Promise<{ running: boolean; pid?: number }> {
  const paths = files(path.resolve(dataDir));
  const pid = await findOwnedProcess(paths.pid, paths.config);
  return pid === undefined ? { running: false } : { running: true, pid };
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  // `node tools/local-stack/kafka.ts` just fetches the jars, which is what CI setup steps want.
  const started = Date.now();
  const libs = await ensureKafkaArtifacts();
  const { jars, bytes } = await describeArtifacts(libs);
  console.log(`kafka jars ready in ${libs} (${jars} jars, ${(bytes / 1048576).toFixed(1)} MB, ${Date.now() - started} ms)`);
}
