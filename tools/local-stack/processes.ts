// Shared helpers for the local stack: pid files, liveness, ordered termination, ports and log tails.
import { spawn } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const LOOPBACK = '127.0.0.1';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Cache root shared with tools/toolchain/node.sh, kept outside the git tree. */
export function parleyCacheDir(): string {
  const explicit = process.env['PARLEY_CACHE_DIR'];
  if (explicit) return path.resolve(explicit);
  const xdg = process.env['XDG_CACHE_HOME'];
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'parley');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** Linux /proc view of a process; undefined elsewhere or when the process is gone. */
async function procStat(pid: number): Promise<{ state: string; pgid: number } | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces, so fields are counted after the last ')'.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const pgid = Number(fields[2]);
    return state === undefined ? undefined : { state, pgid };
  } catch {
    return undefined;
  }
}

async function psField(pid: number, field: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('ps', ['-o', `${field}=`, '-p', String(pid)], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? out.trim() : undefined));
  });
}

/** True while the process exists and is not a zombie waiting to be reaped. */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM means the process exists but belongs to another user, e.g. postgres running as its own OS user.
    if (errorCode(error) !== 'EPERM') return false;
  }
  const info = await procStat(pid);
  return info === undefined || info.state !== 'Z';
}

/** The process's argv, split into arguments; undefined when it cannot be read. */
export async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part.length > 0);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT' || process.platform === 'linux') return undefined;
  }
  // Without /proc (macOS) ps only gives a space-joined string, which is good enough for an exact-token check.
  const args = await psField(pid, 'args');
  return args === undefined || args === '' ? undefined : args.split(' ');
}

export async function processGroupOf(pid: number): Promise<number | undefined> {
  const info = await procStat(pid);
  if (info) return info.pgid;
  const pgid = Number(await psField(pid, 'pgid'));
  return Number.isInteger(pgid) && pgid > 0 ? pgid : undefined;
}

export async function readPidFile(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function writePidFile(file: string, pid: number): Promise<void> {
  await writeFile(file, `${pid}\n`);
}

export async function removePidFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Returns the pid recorded in pidFile when that process is alive and its argv contains `argument` exactly;
 * a stale pid file (dead or reused pid) is removed so nobody ever signals a stranger.
 */
export async function findOwnedProcess(pidFile: string, argument: string): Promise<number | undefined> {
  const pid = await readPidFile(pidFile);
  if (pid === undefined) return undefined;
  if (await isAlive(pid)) {
    const args = await commandLine(pid);
    if (args?.includes(argument)) return pid;
  }
  await removePidFile(pidFile);
  return undefined;
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!(await isAlive(pid))) return true;
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if (errorCode(error) !== 'ESRCH') throw error;
  }
}

export interface TerminateOptions {
  /** First, polite signal: SIGTERM for Kafka's controlled shutdown, SIGINT for Postgres' fast shutdown. */
  signal?: NodeJS.Signals;
  timeoutMs?: number;
}

/**
 * Sends the polite signal, waits, then SIGKILLs; the kill goes to the whole process group when the process leads
 * its own group (we start servers detached), so helper children such as Postgres backends go too.
 */
export async function terminate(pid: number, options: TerminateOptions = {}): Promise<{ forced: boolean }> {
  const { signal = 'SIGTERM', timeoutMs = 20_000 } = options;
  if (!(await isAlive(pid))) return { forced: false };
  const leadsGroup = (await processGroupOf(pid)) === pid;
  signalProcess(pid, signal);
  if (await waitForExit(pid, timeoutMs)) return { forced: false };
  // Postgres backends call setsid(), so the group kill misses them; they are collected by parent pid instead.
  const children = await childPids(pid);
  if (leadsGroup) signalGroupQuietly(pid, 'SIGKILL');
  else signalProcess(pid, 'SIGKILL');
  for (const child of children) signalProcess(child, 'SIGKILL');
  await waitForExit(pid, 5_000);
  return { forced: true };
}

/** Direct children of pid, from /proc on Linux or pgrep elsewhere. */
export async function childPids(pid: number): Promise<number[]> {
  if (process.platform === 'linux') {
    const found: number[] = [];
    for (const candidate of await listPids()) {
      try {
        const raw = await readFile(`/proc/${candidate}/stat`, 'utf8');
        const ppid = Number(raw.slice(raw.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === pid) found.push(candidate);
      } catch {
        // The process ended while we were scanning.
      }
    }
    return found;
  }
  const result = await run('pgrep', ['-P', String(pid)]);
  return result.output
    .split(/\s+/)
    .map(Number)
    .filter((child) => Number.isInteger(child) && child > 0);
}

function signalGroupQuietly(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group may already be gone by the time we escalate, which is fine.
  }
}

/** Every pid on the machine, from /proc on Linux or ps elsewhere. */
export async function listPids(): Promise<number[]> {
  if (process.platform === 'linux') {
    const entries = await readdir('/proc').catch(() => [] as string[]);
    return entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
  }
  const result = await run('ps', ['-axo', 'pid=']);
  return result.output
    .split(/\s+/)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/** The last `lines` lines of a text file, or a note saying it is missing. */
export async function tailFile(file: string, lines = 40): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return `(no log at ${file})`;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\s+$/, '');
    return text.split('\n').slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}

/** Resolves true when a TCP connection to host:port succeeds within timeoutMs. */
export function canConnect(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Resolves true when nothing listens on host:port, checked by binding it briefly. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function assertPortsFree(service: string, ports: number[]): Promise<void> {
  for (const port of ports) {
    if (!(await isPortFree(LOOPBACK, port))) {
      throw new Error(
        `${service}: ${LOOPBACK}:${port} is already in use by another process; stop it or choose other ports.`,
      );
    }
  }
}

export async function pathExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command to completion, capturing combined output; never throws for a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {},
): Promise<{ code: number | null; output: string; missing: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => {
      resolve({ code: null, output: `${output}${String(error)}`, missing: errorCode(error) === 'ENOENT' });
    });
    child.on('close', (code) => resolve({ code, output, missing: false }));
  });
}
