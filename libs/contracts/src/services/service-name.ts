import { z } from 'zod';

/** The six services, in the order a customer's message meets them. */
export const SERVICE_NAMES = ['gateway', 'compliance-filter', 'ivr-menu', 'routing', 'archive', 'reporting'] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

export const serviceNameSchema = z.enum(SERVICE_NAMES);

export function isServiceName(value: string): value is ServiceName {
  return (SERVICE_NAMES as readonly string[]).includes(value);
}
