import { createHash } from 'node:crypto';
import type { Sha256 } from './types.ts';

/** The identity of a document everywhere in gongkai: the hex sha256 of its bytes. */
export function sha256Hex(bytes: Uint8Array): Sha256 {
  return createHash('sha256').update(bytes).digest('hex') as Sha256;
}
