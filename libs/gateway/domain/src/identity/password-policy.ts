import { z } from 'zod';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** A new password: long enough to resist guessing, short enough that hashing it costs nothing extra. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((password) => new Set(password).size >= 5, 'use more than a few different characters');

/** A password as typed at login: only bounded, so an oversized one is refused before any hashing. */
export const loginPasswordSchema = z.string().min(1).max(MAX_PASSWORD_LENGTH);
