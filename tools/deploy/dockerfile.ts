import { readFileSync } from 'node:fs';

export interface Instruction {
  keyword: string;
  /** The arguments as written, continuation lines joined. */
  value: string;
  /** Flags such as --from=build, before the arguments. */
  flags: Record<string, string>;
  /** The arguments without the flags, split on spaces (JSON-array forms are parsed). */
  args: string[];
  stage: number;
}

/** Just enough of the Dockerfile grammar for the checks here: instructions, continuations, flags, JSON forms. */
export function parseDockerfile(path: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) {
      continue;
    }
    if (line.startsWith('#')) {
      continue;
    }
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${current}${line}`.trim());
    current = '';
  }
  let stage = -1;
  return logical.map((text) => {
    const keyword = text.split(/\s+/)[0] ?? '';
    const value = text.slice(keyword.length).trim();
    const flags: Record<string, string> = {};
    let remainder = value;
    while (remainder.startsWith('--')) {
      const flag = /^--([a-z-]+)(?:=(\S+))?\s*/.exec(remainder);
      if (!flag) {
        break;
      }
      flags[flag[1] ?? ''] = flag[2] ?? 'true';
      remainder = remainder.slice(flag[0].length);
    }
    if (keyword.toUpperCase() === 'FROM') {
      stage += 1;
    }
    const args = remainder.startsWith('[') ? (JSON.parse(remainder) as string[]) : remainder.split(/\s+/).filter(Boolean);
    return { keyword: keyword.toUpperCase(), value, flags, args, stage };
  });
}

/** The exec-form command of a HEALTHCHECK, after its own flags and the CMD keyword. */
export function healthcheckCommand(instruction: Instruction): string[] {
  const at = instruction.value.indexOf('CMD [');
  return at >= 0 ? (JSON.parse(instruction.value.slice(at + 4)) as string[]) : [];
}
