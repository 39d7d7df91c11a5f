import { createHash } from 'node:crypto';

/** Lower-case hex sha256: the name of a blob. No framework import: worker threads use it too. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
