import { readFileSync } from 'node:fs';
import { parseCliEnv } from './cli.config.ts';
import { maskPhoneNumbersDeep, type LogLevel } from './simulator.logger.ts';
import { startVonageSimulator } from './simulator.ts';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'fatal'];
/** EX_CONFIG from sysexits.h, the exit code every Parley process uses for bad configuration. */
const EXIT_CONFIG = 78;

function writeLine(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(maskPhoneNumbersDeep(line))}\n`);
}

const config = parseCliEnv(process.env, (path) => readFileSync(path, 'utf8'));
if (!config.ok) {
  writeLine({ level: 'fatal', time: new Date().toISOString(), message: 'invalid configuration', problems: config.problems });
  process.exit(EXIT_CONFIG);
}

const threshold = LEVELS.indexOf(config.logLevel);
const simulator = await startVonageSimulator({
  ...config.options,
  logger: (line) => {
    if (LEVELS.indexOf(line.level as LogLevel) >= threshold) {
      writeLine(line);
    }
  },
});
writeLine({ level: 'info', time: new Date().toISOString(), message: 'phone page ready', url: `${simulator.url}/` });

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) {
    return;
  }
  stopping = true;
  writeLine({ level: 'info', time: new Date().toISOString(), message: 'stopping', signal });
  simulator.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      writeLine({ level: 'error', time: new Date().toISOString(), message: 'stop failed', error: String(error) });
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
