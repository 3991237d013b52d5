// Public surface of the loader.
export { createBlobStore, relativeBlobPath, DEFAULT_BLOB_ROOT, type BlobStore } from './blob-store.ts';
export { isLoaded, loadExtraction, loadExtractions } from './load-report.ts';
export type { LoadItem, LoadOptions, LoadOutcome, LoadStatus } from './load-types.ts';
export { canonicalAgencyName } from './report-rows.ts';
export { finishRun, markInterruptedRuns, type RunResult, withRun } from './runs.ts';
export { warehouseStatus, type RunSummary, type WarehouseStatus } from './warehouse-queries.ts';
export { followingYearReport, previousYearCells, replaceRuleChecks, type YearReport } from './cross-year.ts';
