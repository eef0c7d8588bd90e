import { createParamDecorator, HttpException, type ExecutionContext } from '@nestjs/common';
import { problem } from '@parley/platform/http';
import type { FastifyRequest } from 'fastify';
import { idempotencyKeySchema } from './desk.dto.ts';

function invalidKey(message: string): HttpException {
  return new HttpException(
    problem(400, { code: 'validation-failed', detail: 'The request does not match the expected shape.', errors: [{ path: 'Idempotency-Key', message }] }),
    400,
  );
}

/** The request's `Idempotency-Key` header, checked; `required` makes a missing one a 400. */
export const IdempotencyKey = createParamDecorator((required: boolean | undefined, context: ExecutionContext): string | undefined => {
  const header = context.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key'];
  if (header === undefined) {
    if (required === true) {
      throw invalidKey('required: a new key for each message you mean to send');
    }
    return undefined;
  }
  const checked = idempotencyKeySchema.safeParse(header);
  if (!checked.success) {
    throw invalidKey(checked.error.issues[0]?.message ?? 'invalid');
  }
  return checked.data;
});

export const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'The same key makes the same command, applied once.' } as const;
export const REQUIRED_IDEMPOTENCY_HEADER = {
  name: 'Idempotency-Key',
  required: true,
  description: 'A new key for each message the agent means to send; repeating it sends the message once.',
} as const;
