/** A problem+json answer from the gateway, kept whole so the desk can show its detail and act on its code. */
export class DeskApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly fieldErrors: readonly { path: string; message: string }[];

  constructor(status: number, problem: Record<string, unknown>) {
    const detail = typeof problem['detail'] === 'string' ? problem['detail'] : typeof problem['title'] === 'string' ? problem['title'] : `HTTP ${status}`;
    super(detail);
    this.name = 'DeskApiError';
    this.status = status;
    this.code = typeof problem['code'] === 'string' ? problem['code'] : `http.${status}`;
    this.details = isRecord(problem['details']) ? problem['details'] : {};
    this.fieldErrors = Array.isArray(problem['errors'])
      ? problem['errors'].filter(isRecord).map((error) => ({ path: textOf(error['path'], ''), message: textOf(error['message'], '') }))
      : [];
  }

  /** The session is gone (expired, revoked, never there): the desk goes back to the login form. */
  get isSessionEnded(): boolean {
    return this.status === 401 && this.code.startsWith('session.');
  }

  /** One line for the person at the desk, with the field errors when the gateway named them. */
  describe(): string {
    return this.fieldErrors.length === 0 ? this.message : `${this.message} (${this.fieldErrors.map((error) => `${error.path}: ${error.message}`).join('; ')})`;
  }
}

/** A string or number from an answer as text; anything else as the fallback. */
export function textOf(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The desk's only way to the gateway: JSON in and out, the session cookie sent by the browser, the session's CSRF
 * token on every request that changes something, and problem+json turned into DeskApiError.
 */
export class DeskClient {
  #csrfToken: string | null = null;
  readonly #fetch: Fetch;
  readonly #onSessionEnded: () => void;

  constructor(options: { fetch?: Fetch; onSessionEnded?: () => void } = {}) {
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#onSessionEnded = options.onSessionEnded ?? (() => {});
  }

  set csrfToken(token: string | null) {
    this.#csrfToken = token;
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  put<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (method !== 'GET' && this.#csrfToken !== null) {
      headers['x-csrf-token'] = this.#csrfToken;
    }
    const response = await this.#fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    let parsed: unknown = null;
    if (text.length > 0) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = { detail: `The gateway answered ${response.status} with something other than JSON.` };
      }
    }
    if (!response.ok) {
      const error = new DeskApiError(response.status, isRecord(parsed) ? parsed : {});
      if (error.isSessionEnded) {
        this.#onSessionEnded();
      }
      throw error;
    }
    return parsed as T;
  }
}

/** What went wrong, in one line for the person at the desk: the gateway's problem, or `fallback` when it was not reached. */
export function describeProblem(caught: unknown, fallback: string): string {
  return caught instanceof DeskApiError ? caught.describe() : fallback;
}

/** A fresh key for a reply or command the agent means once; a retry of the same request reuses it. */
export function newIdempotencyKey(): string {
  return `desk_${crypto.randomUUID().replaceAll('-', '')}`;
}
