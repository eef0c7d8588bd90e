import { HttpException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { problem } from './problem-details.ts';

/** Validates a request part against a contract schema; failures answer 400 with every problem listed. */
export class ZodValidationPipe<TSchema extends z.ZodType> implements PipeTransform<unknown, z.output<TSchema>> {
  readonly #schema: TSchema;

  constructor(schema: TSchema) {
    this.#schema = schema;
  }

  transform(value: unknown): z.output<TSchema> {
    const result = this.#schema.safeParse(value);
    if (!result.success) {
      throw new HttpException(
        problem(400, {
          code: 'validation-failed',
          detail: 'The request does not match the expected shape.',
          errors: result.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.') || '(body)',
            message: issue.message,
          })),
        }),
        400,
      );
    }
    return result.data;
  }
}
