import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_DOC_METADATA = Symbol.for('parley.api-doc');
export const API_TAG_METADATA = Symbol.for('parley.api-tag');

/** A header a route reads, as the OpenAPI document lists it. */
export interface ApiHeader {
  name: string;
  required: boolean;
  description: string;
}

/** How one route is described in the OpenAPI document; the schemas are the zod schemas the route validates with. */
export interface ApiDocOptions {
  summary: string;
  description?: string;
  body?: z.ZodType;
  /** A valid body, shown in the document and used by the tests that call every route. */
  example?: unknown;
  query?: z.ZodType;
  response?: z.ZodType;
  /** The success status; 200 unless said. */
  status?: number;
  /** The answer is not JSON (a page, a file, Prometheus text): its content type. */
  produces?: string;
  headers?: readonly ApiHeader[];
  /** A PUT that creates the resource when the tenant has none by that key, so another tenant's key makes the caller's own. */
  upsert?: boolean;
  /** A route registered for every method that passes requests on to another service, which decides the methods. */
  forwarded?: boolean;
}

/** Describes a route for the OpenAPI document; a route without it fails the test that every route is documented. */
export function ApiDoc(options: ApiDocOptions): MethodDecorator {
  return SetMetadata(API_DOC_METADATA, options);
}

/** The group a controller's routes are listed under. */
export function ApiTag(tag: string): ClassDecorator {
  return SetMetadata(API_TAG_METADATA, tag);
}
