import type { ServerResponse } from 'node:http';

export interface Problem {
  type: string;
  title: string;
  detail: string;
  instance: string;
  invalid_parameters?: Array<{ name: string; reason: string }>;
}

/** JSON replies always carry `application/json`: the Vonage SDK parses a 2xx body only with that exact type. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendProblem(res: ServerResponse, status: number, problem: Problem, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(problem);
  res.writeHead(status, { ...headers, 'content-type': 'application/problem+json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
  res.end(html);
}
