import type { ExtractError, ExtractResult, Sha256 } from '../domain/types.ts';
import type { Transaction } from '../db/handle.ts';
import type { AgencyIdentityRow } from '../warehouse/agency-identity.ts';
import type { BlobStore } from './blob-store.ts';
import type { ReportFacts } from './report-rows.ts';

export interface LoadItem {
  /** the document's bytes; when absent only `result.sha256` identifies it and no blob is stored */
  bytes?: Uint8Array;
  /** URL or path the document was read from */
  source: string;
  result: ExtractResult;
  extractorVersion: string;
}

/**
 * - `loaded`: a new report was stored (and is current unless `current` is false)
 * - `superseded`: a new report was stored and replaced `replacedReportId` as the current one
 * - `skipped`: this document was already loaded by this extractor version (its source is still recorded)
 * - `failed`: the extraction failed and is recorded against the document (`error`), or, with
 *   `error.code` E_DB, the database refused this item and nothing was recorded (retry later)
 */
export type LoadStatus = 'loaded' | 'superseded' | 'skipped' | 'failed';

export interface LoadOutcome {
  status: LoadStatus;
  sha256: Sha256;
  reportId?: number;
  replacedReportId?: number;
  /** whether the report is its agency-year's current one after this call */
  current?: boolean;
  error?: ExtractError;
}

export interface LoadOptions {
  /** where the bytes are stored @default createBlobStore() (./data/blobs) */
  blobs?: BlobStore;
  /**
   * reports per transaction; bigger batches amortise the per-batch statements, smaller ones
   * hold locks for less time @default 250
   */
  batchSize?: number;
  /**
   * More work on the loaded items in the same transaction as their rows, so a crash never
   * separates them (the following year's T3-06 re-check, src/pipeline/cross-year-checks.ts)
   */
  afterLoad?: (tx: Transaction, loaded: readonly { result: ExtractResult; outcome: LoadOutcome }[]) => Promise<void>;
}

/** A load item after hashing and blob storage, ready for SQL. */
export interface PreparedItem {
  sha256: Sha256;
  source: string;
  format: string;
  sizeBytes: number | null;
  blobPath: string | null;
  extractorVersion: string;
  result: ExtractResult;
  /** canonical agency name (a recorded alias resolved), null when unknown */
  agency: string | null;
  year: number | null;
  /** what the document says about its agency (agency-identity.ts agencyRowOf) */
  agencyRow: AgencyIdentityRow | null;
  facts: ReportFacts;
}
