export type NccoAction = Record<string, unknown> & { action: string };

export const NCCO_ACTIONS = ['talk', 'stream', 'input', 'conversation', 'connect', 'record', 'notify', 'wait'] as const;

export type NccoValidation = { ok: true; ncco: NccoAction[] } | { ok: false; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function checkAction(action: Record<string, unknown>, index: number): string | undefined {
  const name = action.action;
  if (typeof name !== 'string' || !(NCCO_ACTIONS as readonly string[]).includes(name)) {
    return `action ${index}: unknown action ${JSON.stringify(name)}`;
  }
  switch (name) {
    case 'talk':
      return typeof action.text === 'string' && action.text.length > 0 ? undefined : `action ${index}: talk needs a text`;
    case 'stream':
      return isStringArray(action.streamUrl) && action.streamUrl.length > 0 ? undefined : `action ${index}: stream needs a streamUrl array`;
    case 'input':
      return action.type === undefined || isStringArray(action.type) ? undefined : `action ${index}: input type must be an array`;
    case 'notify':
      return isStringArray(action.eventUrl) && action.eventUrl.length > 0 && isRecord(action.payload)
        ? undefined
        : `action ${index}: notify needs an eventUrl array and a payload object`;
    case 'conversation':
      return typeof action.name === 'string' ? undefined : `action ${index}: conversation needs a name`;
    case 'connect':
      return Array.isArray(action.endpoint) && action.endpoint.length > 0 ? undefined : `action ${index}: connect needs an endpoint array`;
    default:
      return undefined;
  }
}

/** Checks an NCCO the way Vonage refuses a malformed one: an array of known actions with their required fields. */
export function validateNcco(value: unknown): NccoValidation {
  if (!Array.isArray(value)) {
    return { ok: false, reason: 'the NCCO is not a JSON array' };
  }
  const actions: NccoAction[] = [];
  for (const [index, item] of value.entries()) {
    if (!isRecord(item)) {
      return { ok: false, reason: `action ${index}: not an object` };
    }
    const problem = checkAction(item, index);
    if (problem) {
      return { ok: false, reason: problem };
    }
    actions.push(item as NccoAction);
  }
  return { ok: true, ncco: actions };
}

/** Parses a webhook reply that may carry a replacement NCCO; anything but a non-empty array means "carry on". */
export function parseReplacementNcco(body: string | undefined): NccoValidation | undefined {
  if (!body || body.trim() === '') {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    return undefined;
  }
  return validateNcco(parsed);
}
