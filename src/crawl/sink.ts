import type { Sha256 } from '../domain/types.ts';

/** A fetched report page or attachment, handed to storage (blob store + loader). */
export interface CrawledDocument {
  /** frontier URL */
  url: string;
  /** URL that answered after redirects */
  finalUrl: string;
  siteId: string;
  kind: 'report' | 'attachment';
  /** for attachments: the report page that links them */
  parentUrl: string | null;
  /** title from the list or the linking page */
  title: string | null;
  /** reporting year read from the title */
  year: number | null;
  sha256: Sha256;
  bytes: Uint8Array;
  contentType: string | null;
  /** charset the page was decoded with (HTML only) */
  charset: string | null;
  etag: string | null;
  lastModified: string | null;
  status: number;
  fetchedAt: Date;
}

/**
 * Where documents go. `put` must be idempotent on (url, sha256): after a crash the engine may hand
 * over the same document again (it stores before it marks the frontier).
 */
export interface DocumentSink {
  put(doc: CrawledDocument): Promise<void>;
}

/** Keeps documents in memory, deduplicated on (url, sha256). For tests. */
export class MemorySink implements DocumentSink {
  readonly documents = new Map<string, CrawledDocument>();
  /** every call, including repeats, to prove idempotence */
  puts = 0;

  async put(doc: CrawledDocument): Promise<void> {
    this.puts++;
    this.documents.set(`${doc.url} ${doc.sha256}`, doc);
  }

  all(): CrawledDocument[] {
    return [...this.documents.values()];
  }
}
