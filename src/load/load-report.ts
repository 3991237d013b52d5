import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { DatabaseHandle, Queryable } from '../db/handle.ts';
import { GongkaiError } from '../domain/errors.ts';
import type { Sha256 } from '../domain/types.ts';
import { agencyRowOf } from '../warehouse/agency-identity.ts';
import { beginIdentity } from '../warehouse/identity-store.ts';
import { sha256Hex } from '../domain/sha256.ts';
import { type BlobStore, createBlobStore } from './blob-store.ts';
import { loadBatch } from './load-batch.ts';
import type { LoadItem, LoadOptions, LoadOutcome, PreparedItem } from './load-types.ts';
import { canonicalAgencyName, reportFacts, reportYear } from './report-rows.ts';
import { invalidResultReason } from './result-shape.ts';

const DEFAULT_BATCH_SIZE = 250;
/** Parallel blob writes; enough to keep the disk busy without exhausting file handles. */
const BLOB_WRITE_CONCURRENCY = 16;

/** Loads one extraction in its own transaction. See `loadExtractions`. */
export async function loadExtraction(handle: DatabaseHandle, item: LoadItem, options: LoadOptions = {}): Promise<LoadOutcome> {
  const [outcome] = await loadExtractions(handle, [item], options);
  return outcome!;
}

/**
 * Stores documents' bytes and loads their extractions, one transaction per batch. Re-loading
 * the same bytes with the same extractor version is a no-op; a failed extraction is recorded
 * against its document and never stops the others. When the database refuses a batch
 * (constraint, deadlock), its items are retried one by one so only the offending item fails.
 * Outcomes are returned in item order.
 */
export async function loadExtractions(
  handle: DatabaseHandle,
  items: readonly LoadItem[],
  options: LoadOptions = {},
): Promise<LoadOutcome[]> {
  const blobs = options.blobs ?? createBlobStore();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const outcomes: LoadOutcome[] = [];
  // agency identity (src/warehouse): aliases resolved before each batch, upkeep after the load
  const identity = await guard(() => beginIdentity(handle));
  const prepareBatch = (start: number) => prepareItems(items.slice(start, start + batchSize), blobs, identity.resolve);
  // One batch ahead: its blob writes and JS run while the database works on the current one.
  let ahead = prepareBatch(0);
  for (let start = 0; start < items.length; start += batchSize) {
    const prepared = await ahead;
    if (start + batchSize < items.length) {
      ahead = prepareBatch(start + batchSize);
      ahead.catch(() => {}); // awaited next round; never left unhandled if this batch throws
    }
    const ready = prepared.filter((entry): entry is PreparedItem => !('status' in entry));
    const loaded = await loadOrIsolate(handle, ready, options.afterLoad);
    for (const entry of prepared) outcomes.push('status' in entry ? entry : loaded.shift()!);
  }
  await guard(() => identity.finish());
  return outcomes;
}

/** Database errors of the identity steps become E_DB like the load's own. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asDatabaseError(error);
  }
}

/** Whether this document was already loaded (or recorded as failed) by this extractor version. */
export async function isLoaded(handle: Queryable, sha256: string, extractorVersion: string): Promise<boolean> {
  const { rows } = await handle.query(
    'select 1 from reports where document_sha256 = $1 and extractor_version = $2 limit 1',
    [sha256, extractorVersion],
  );
  return rows.length > 0;
}

async function loadOrIsolate(handle: DatabaseHandle, items: readonly PreparedItem[], afterLoad: LoadOptions['afterLoad']): Promise<LoadOutcome[]> {
  if (items.length === 0) return [];
  try {
    return await handle.transaction(async (tx) => {
      const outcomes = await loadBatch(tx, items);
      await afterLoad?.(tx, items.map((item, index) => ({ result: item.result, outcome: outcomes[index]! })));
      return outcomes;
    });
  } catch (error) {
    if (!isStatementError(error)) throw asDatabaseError(error);
    if (items.length === 1) {
      const message = error instanceof Error ? error.message : String(error);
      return [{ status: 'failed', sha256: items[0]!.sha256, error: { code: 'E_DB', message } }];
    }
    const outcomes: LoadOutcome[] = [];
    for (const item of items) outcomes.push(...(await loadOrIsolate(handle, [item], afterLoad)));
    return outcomes;
  }
}

type ResolveAgency = (name: string | null) => string | null;

/**
 * Hashes and stores the bytes and works out what the rows derive from each result alone; an
 * item that cannot be loaded becomes its outcome.
 */
async function prepareItems(items: readonly LoadItem[], blobs: BlobStore, resolveAgency: ResolveAgency): Promise<(PreparedItem | LoadOutcome)[]> {
  const prepared: (PreparedItem | LoadOutcome)[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      prepared[index] = await prepareItem(items[index]!, blobs, resolveAgency);
      // Items without bytes never wait on I/O: yield anyway, so a batch prepared ahead runs
      // in the gaps of the current batch's database work instead of before it.
      await yieldToEventLoop();
    }
  };
  await Promise.all(Array.from({ length: Math.min(BLOB_WRITE_CONCURRENCY, items.length) }, worker));
  return prepared;
}

async function prepareItem(item: LoadItem, blobs: BlobStore, resolveAgency: ResolveAgency): Promise<PreparedItem | LoadOutcome> {
  const invalid = invalidResultReason(item.result);
  // Deterministic for this extractor version, so recorded like any failed extraction.
  const result = invalid
    ? { ...item.result, error: { code: 'E_INTERNAL', message: `invalid extraction result: ${invalid}` } }
    : item.result;
  const sha256 = item.bytes ? sha256Hex(item.bytes) : result.sha256;
  if (!/^[0-9a-f]{64}$/.test(sha256) || sha256 !== result.sha256) {
    const message = `the extraction result's sha256 ${JSON.stringify(result.sha256)} is not that of the bytes (${sha256})`;
    return { status: 'failed', sha256: result.sha256, error: { code: 'E_INTERNAL', message } };
  }
  if (item.bytes) await blobs.put(item.bytes);
  const agency = resolveAgency(canonicalAgencyName(result.report?.agency));
  return {
    sha256: sha256 as Sha256,
    source: item.source,
    format: result.format,
    sizeBytes: item.bytes?.byteLength ?? null,
    blobPath: item.bytes ? blobs.relativePath(sha256) : null,
    extractorVersion: item.extractorVersion,
    result,
    agency,
    year: reportYear(result),
    agencyRow: agencyRowOf({ agency, source: item.source, result }),
    facts: reportFacts(result),
  };
}

/** A PostgreSQL error about this statement (SQLSTATE), as opposed to a lost connection or a bug. */
function isStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

/** Driver and network errors (ECONNRESET, CONNECTION_CLOSED …) become retryable E_DB; bugs pass through. */
function asDatabaseError(error: unknown): unknown {
  if (error instanceof GongkaiError || typeof (error as { code?: unknown } | null)?.code !== 'string') return error;
  return new GongkaiError('E_DB', `the warehouse load failed: ${(error as Error).message}`, { cause: error, retryable: true });
}
