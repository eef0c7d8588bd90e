const COLORS = ['\u001b[36m', '\u001b[35m', '\u001b[33m', '\u001b[32m', '\u001b[34m', '\u001b[31m', '\u001b[96m'];
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
const LEVEL_COLORS: Record<string, string> = { error: '\u001b[31m', fatal: '\u001b[31m', warn: '\u001b[33m' };
const HIDDEN_FIELDS = new Set(['level', 'time', 'service', 'message', 'msg', 'pid', 'hostname']);

export function colorFor(index: number): string {
  return COLORS[index % COLORS.length] ?? '';
}

/** Turns one JSON log line into a short readable line; anything that is not JSON passes through. */
export function formatLogLine(line: string, useColor: boolean): string {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null) {
      return line;
    }
    record = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = typeof record['level'] === 'string' ? record['level'] : 'info';
  const time = typeof record['time'] === 'string' ? record['time'].slice(11, 23) : '';
  const message = typeof record['message'] === 'string' ? record['message'] : '';
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN_FIELDS.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  const levelText = level.toUpperCase().padEnd(5);
  const colored = useColor && LEVEL_COLORS[level] ? `${LEVEL_COLORS[level]}${levelText}${RESET}` : levelText;
  const extra = fields ? (useColor ? ` ${DIM}${fields}${RESET}` : ` ${fields}`) : '';
  return `${time} ${colored} ${message}${extra}`;
}
