import { opaqueIdSchema } from '@parley/contracts';
import { ArchiveReaderRequiredError } from './archive.errors.ts';

/** The header the gateway sets to the signed-in user's id; reads of messages without it are refused. */
export const READER_HEADER = 'x-parley-reader';

export function requireReader(header: string | string[] | undefined): string {
  if (typeof header !== 'string' || !opaqueIdSchema.safeParse(header).success) {
    throw new ArchiveReaderRequiredError();
  }
  return header;
}
