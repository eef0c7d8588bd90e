// Offline screening for evaluation: JSON lines {"id","text"} on stdin, {"id","findings":[...]} on stdout, one per
// input line and in input order. A line that cannot be read still gets an answer, with an error instead of findings.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { detectSensitiveData } from '@parley/compliance-filter-domain';

function answer(line: string): string {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch {
    return JSON.stringify({ id: null, error: 'not JSON' });
  }
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const id = typeof record['id'] === 'string' || typeof record['id'] === 'number' ? record['id'] : null;
  if (typeof record['text'] !== 'string') {
    return JSON.stringify({ id, error: 'missing "text"' });
  }
  return JSON.stringify({ id, findings: detectSensitiveData(record['text']) });
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') {
    continue;
  }
  if (!process.stdout.write(`${answer(line)}\n`)) {
    await once(process.stdout, 'drain');
  }
}
