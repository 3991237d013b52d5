import { describe, expect, it } from 'vitest';
import { extractDocument } from '../src/extract/index.ts';
import { crawlerAmbiguities, generateMany, present, renderCrawlerText, renderHtml, renderMarkdown, renderText } from '../scripts/synthetic/index.ts';

/**
 * The publication date on synthetic reports rendered the ways portals publish them: HTML article
 * pages (meta tag, printed labels, signature), crawler page dumps (a 发布时间 header), tab text and
 * Markdown (only the signature at the end). Every one of them prints its date somewhere.
 */
type Printed = ReturnType<typeof present>;
const RENDERERS: Record<string, (printed: Printed) => { source: string; text: string } | null> = {
  html: (printed) => ({ source: 'report.html', text: renderHtml(printed) }),
  // glued crawler text is only rendered for reports whose numbers split one way
  crawler: (printed) => (crawlerAmbiguities(printed).some((key) => key !== 't4') ? null : { source: 'page.txt', text: renderCrawlerText(printed) }),
  text: (printed) => ({ source: 'report.txt', text: renderText(printed) }),
  markdown: (printed) => ({ source: 'report.md', text: renderMarkdown(printed) }),
};

describe('publication date of synthetic reports', () => {
  for (const [layout, render] of Object.entries(RENDERERS)) {
    it(`is read from every ${layout} rendering`, async () => {
      const misses: string[] = [];
      let rendered = 0;
      for (const data of generateMany(20, `published-${layout}`)) {
        const page = render(present(data));
        if (!page) continue;
        rendered++;
        const { source, text } = page;
        const result = await extractDocument(new TextEncoder().encode(text), { source });
        if (result.report?.published?.date !== data.published) misses.push(`${data.id}: ${JSON.stringify(result.report?.published)} for ${data.published}`);
      }
      expect(rendered).toBeGreaterThan(10);
      expect(misses).toEqual([]);
    });
  }
});
