import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex } from '../domain/sha256.ts';
import type { Sha256 } from '../domain/types.ts';

export const DEFAULT_BLOB_ROOT = './data/blobs';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Content-addressed store for raw documents: `<root>/ab/cd/<sha256>`. Two fan-out levels keep
 * directories small at millions of files. A blob is immutable, so writing one that exists is
 * skipped and concurrent writers of the same bytes are harmless.
 */
export interface BlobStore {
  readonly root: string;
  /** Stores the bytes (atomically: temp file + rename) and returns their sha256. */
  put(bytes: Uint8Array): Promise<Sha256>;
  /** The bytes, or undefined when the store does not hold them. */
  get(sha256: string): Promise<Uint8Array | undefined>;
  has(sha256: string): Promise<boolean>;
  /** Path of a blob relative to the root, as recorded in `documents.blob_path`. */
  relativePath(sha256: string): string;
}

export function createBlobStore(root: string = DEFAULT_BLOB_ROOT): BlobStore {
  const absolute = (sha256: string) => path.join(root, relativeBlobPath(sha256));
  const sizeOf = async (sha256: string) => (await stat(absolute(sha256)).catch(() => undefined))?.size;

  return {
    root,
    relativePath: relativeBlobPath,
    has: async (sha256) => (await sizeOf(sha256)) !== undefined,
    async put(bytes) {
      const sha256 = sha256Hex(bytes);
      const target = absolute(sha256);
      // A blob of the right size is this content (the name is its hash); a short one was torn.
      if ((await sizeOf(sha256)) === bytes.byteLength) return sha256;
      await mkdir(path.dirname(target), { recursive: true });
      // Same directory as the target, so rename is atomic: readers see all bytes or no file.
      // No fsync (it would dominate bulk loads); a blob torn by a crash fails `get`'s hash
      // check and is rewritten by the next `put` of the same bytes.
      const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        await writeFile(temp, bytes);
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      return sha256;
    },
    async get(sha256) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(absolute(sha256)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      if (sha256Hex(bytes) !== sha256) throw new Error(`blob ${sha256} is corrupt (its bytes hash differently)`);
      return bytes;
    },
  };
}

/** `ab/cd/abcd…`; rejects anything but a lowercase hex sha256, so no path can escape the root. */
export function relativeBlobPath(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256 hex digest: ${JSON.stringify(sha256)}`);
  return path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}
