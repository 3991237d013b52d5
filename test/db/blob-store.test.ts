import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/domain/sha256.ts';
import { createBlobStore, relativeBlobPath, type BlobStore } from '../../src/load/blob-store.ts';

describe('blob store', () => {
  let root: string;
  let blobs: BlobStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gongkai-blob-test-'));
    blobs = createBlobStore(root);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('round-trips bytes under <root>/ab/cd/<sha256>', async () => {
    const bytes = new TextEncoder().encode('偃师区住房和城乡建设局 2023');
    const sha256 = await blobs.put(bytes);
    expect(sha256).toBe(sha256Hex(bytes));
    expect(await blobs.has(sha256)).toBe(true);
    expect(await blobs.get(sha256)).toEqual(bytes);
    expect(await readdir(path.join(root, sha256.slice(0, 2), sha256.slice(2, 4)))).toEqual([sha256]);
  });

  it('writes the same bytes once, even concurrently, leaving no temp files', async () => {
    const bytes = new Uint8Array(100_000).fill(7);
    const hashes = await Promise.all(Array.from({ length: 8 }, () => blobs.put(bytes)));
    expect(new Set(hashes).size).toBe(1);
    expect(await readdir(path.join(root, hashes[0]!.slice(0, 2), hashes[0]!.slice(2, 4)))).toEqual([hashes[0]]);
  });

  it('answers undefined for unknown blobs and rewrites a torn one', async () => {
    const bytes = new TextEncoder().encode('torn');
    const sha256 = await blobs.put(bytes);
    await truncate(path.join(root, relativeBlobPath(sha256)), 2);
    await expect(blobs.get(sha256)).rejects.toThrow('corrupt');
    await blobs.put(bytes);
    expect(await blobs.get(sha256)).toEqual(bytes);
    expect(await blobs.get('0'.repeat(64))).toBeUndefined();
    expect(await blobs.has('0'.repeat(64))).toBe(false);
  });

  it('refuses names that are not sha256 digests', () => {
    expect(() => relativeBlobPath('../../etc/passwd')).toThrow('not a sha256');
  });
});
