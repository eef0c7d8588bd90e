import type { DomainErrorKind } from '@parley/contracts';

/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code?: string;
  errors?: { path: string; message: string }[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
export const PROBLEM_TYPE_BASE = 'https://parley.dev/problems';

export const STATUS_BY_KIND: Readonly<Record<DomainErrorKind, number>> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  unavailable: 503,
};

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface ProblemFields {
  detail?: string;
  instance?: string;
  code?: string;
  errors?: { path: string; message: string }[];
  details?: Readonly<Record<string, unknown>>;
}

export function problem(status: number, fields: ProblemFields = {}): ProblemDetails {
  const slug = fields.code ?? (TITLES[status] ?? 'error').toLowerCase().replace(/\s+/g, '-');
  return {
    type: `${PROBLEM_TYPE_BASE}/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    ...fields,
  };
}
