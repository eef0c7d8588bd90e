import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { isDomainError } from '@parley/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, problem, STATUS_BY_KIND, type ProblemDetails } from './problem-details.ts';

/** The one place errors become HTTP answers: domain errors by kind, framework errors by status, the rest 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = { ...toProblem(exception), instance: request.url.split('?')[0] ?? request.url };
    if (body.status >= 500) {
      this.#logger.error({ err: exception, method: request.method, path: body.instance }, 'request failed');
    }
    void reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }
}

export function toProblem(exception: unknown): ProblemDetails {
  if (isDomainError(exception)) {
    return problem(STATUS_BY_KIND[exception.kind], {
      code: exception.code,
      detail: exception.message,
      ...(exception.details ? { details: exception.details } : {}),
    });
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'status' in response) {
      return response as ProblemDetails;
    }
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? String(response.message)
        : exception.message;
    return problem(status, { detail: message });
  }
  const fastifyError = asFastifyError(exception);
  if (fastifyError) {
    return problem(fastifyError.status, { detail: fastifyError.message });
  }
  return problem(500, { detail: 'An unexpected error occurred.' });
}

/** Fastify's own errors (body too large, bad JSON, wrong content type) carry a 4xx status code. */
function asFastifyError(exception: unknown): { status: number; message: string } | undefined {
  if (exception instanceof Error && 'statusCode' in exception) {
    const status = Number(exception.statusCode);
    if (status >= 400 && status < 500) {
      return { status, message: exception.message };
    }
  }
  return undefined;
}
