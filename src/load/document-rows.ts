import type { Transaction } from '../db/handle.ts';
import { documentSources, documents } from '../db/schema/index.ts';
import { drawIds } from './draw-ids.ts';
import { type KnownRows, pairKey } from './known-rows.ts';
import type { PreparedItem } from './load-types.ts';

/**
 * Adds the batch's new documents by COPY in batch order (`seen_order` follows it) and touches the
 * known ones (`last_seen`, and a blob path or size they lacked); returns `seen_order` per sha256.
 */
export async function addDocuments(tx: Transaction, items: readonly PreparedItem[], known: KnownRows['documents']): Promise<Map<string, number>> {
  const seenOrder = new Map<string, number>();
  const fresh = new Map<string, PreparedItem>();
  const seen: PreparedItem[] = [];
  for (const item of items) {
    const document = known.get(item.sha256);
    if (document) {
      if (!seenOrder.has(item.sha256)) seen.push(item);
      seenOrder.set(item.sha256, document.seenOrder);
    } else if (!fresh.has(item.sha256)) {
      fresh.set(item.sha256, item);
    }
  }
  if (fresh.size > 0) {
    // COPY writes the drawn values into the identity column (as OVERRIDING SYSTEM VALUE would)
    const orders = await drawIds(tx, 'documents', 'seen_order', fresh.size);
    const rows = [...fresh.values()].map((item, n) => {
      seenOrder.set(item.sha256, orders[n]!);
      return [item.sha256, orders[n]!, item.format, item.sizeBytes, item.source, item.blobPath];
    });
    await tx.copyRows(documents, ['sha256', 'seenOrder', 'format', 'sizeBytes', 'source', 'blobPath'], rows);
  }
  if (seen.length > 0) {
    const rows = seen.map((item) => ({ sha256: item.sha256, size_bytes: item.sizeBytes, blob_path: item.blobPath }));
    await tx.query(
      `update documents d set last_seen = now(),
         blob_path = coalesce(d.blob_path, x.blob_path), size_bytes = coalesce(d.size_bytes, x.size_bytes)
       from json_to_recordset($1::text::json) as x(sha256 text, size_bytes bigint, blob_path text)
       where d.sha256 = x.sha256`,
      [JSON.stringify(rows)],
    );
  }
  return seenOrder;
}

/** Records where each document was found: new (document, source) pairs by COPY, known ones touched. */
export async function addSources(tx: Transaction, items: readonly PreparedItem[], known: KnownRows['sources']): Promise<void> {
  const fresh = new Map<string, [string, string]>();
  const seen = new Map<string, { sha256: string; source: string }>();
  for (const { sha256, source } of items) {
    const key = pairKey(sha256, source);
    if (known.has(key)) seen.set(key, { sha256, source });
    else fresh.set(key, [sha256, source]);
  }
  if (fresh.size > 0) await tx.copyRows(documentSources, ['documentSha256', 'source'], fresh.values());
  if (seen.size > 0) {
    await tx.query(
      `update document_sources s set last_seen = now()
       from json_to_recordset($1::text::json) as x(sha256 text, source text)
       where s.document_sha256 = x.sha256 and s.source = x.source`,
      [JSON.stringify([...seen.values()])],
    );
  }
}
