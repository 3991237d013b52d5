import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadExtractions, type LoadItem } from '../../src/load/index.ts';
import { documentBytes, extraction } from '../db/fixtures.ts';
import { createTestDatabase, driverName, type TestDatabase } from '../db/test-database.ts';

const PAGE = 'http://www.yanshi.gov.cn/zfxxgk/zfxxgknb/202401/t20240115_1.html';
const ATTACHMENT = 'http://www.yanshi.gov.cn/zfxxgk/zfxxgknb/202401/P020240115.pdf';

function item(label: string, source: string, options: Parameters<typeof extraction>[1]): LoadItem {
  return { source, result: extraction(documentBytes(label), options), extractorVersion: 'v1' };
}

describe(`v_report publication dates (${driverName})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  beforeEach(() => database.reset());
  afterAll(() => database?.close());

  /** The report page (no tables, dated by its CMS) and the PDF it links (the tables, only signed). */
  async function loadEnvelopeAndAttachment(attachmentBasis: 'signature' | 'label') {
    const envelope = item('page', PAGE, { cells: [], published: { date: '2024-01-15', basis: 'meta' } });
    const attachment = item('pdf', ATTACHMENT, { published: { date: attachmentBasis === 'signature' ? '2024-01-10' : '2024-02-02', basis: attachmentBasis } });
    await loadExtractions(database.handle, [envelope, attachment]);
    await database.handle.query(
      `insert into crawl_urls (url, site_id, kind, via, parent_url, state, sha256)
       values ($1, 'yanshi', 'report', 'follow', null, 'done', $2), ($3, 'yanshi', 'attachment', 'follow', $1, 'done', $4)`,
      [PAGE, envelope.result.sha256, ATTACHMENT, attachment.result.sha256],
    );
    const { rows } = await database.handle.query<{ document_source: string; published_on: string; published_basis: string; late: boolean | null }>(
      `select document_source, published_on::text, published_basis, late from v_report`,
    );
    return rows;
  }

  it("dates a signed attachment by the page that links it, and checks that date against the deadline", async () => {
    expect(await loadEnvelopeAndAttachment('signature')).toEqual([{ document_source: ATTACHMENT, published_on: '2024-01-15', published_basis: 'envelope', late: false }]);
  });

  it('keeps a date the attachment itself prints', async () => {
    expect(await loadEnvelopeAndAttachment('label')).toEqual([{ document_source: ATTACHMENT, published_on: '2024-02-02', published_basis: 'label', late: true }]);
  });
});
