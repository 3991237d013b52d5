/**
 * Synthetic annual reports: seedable report data that satisfies the §6.1 identities (or breaks
 * exactly one on request), and pure renderers from data to documents in the real-world layouts.
 *
 *   const data = generateReport({ seed: 42, template: 'v2021' });
 *   const printed = present(data, { blankZeros: 't3-org' });
 *   const html = renderHtml(printed, { splitHeaders: true });
 *   const expected = expectedFor('x.html', printed);
 *
 * Benchmarks: `generateMany(10_000, 'bench')`.
 */
export { Rng, type Seed } from './prng.ts';
export { makeAgency, usccWithCheck, type Agency, type AgencyLevel, type AgencyOptions, type AgencySize, type AgencyType } from './names.ts';
export { generateMany, generateReport, generateSeries, type GenerateOptions, type ReportData, type SeriesOptions } from './generate.ts';
export { RULE_IDS, checkIdentities, failingRules, outcomeDetailRows, type CellValues, type IdentityCheck, type RuleId } from './identities.ts';
export {
  cutAfter,
  expectedFor,
  present,
  printedOrder,
  printedValues,
  type ExpectedFile,
  type PresentOptions,
  type PrintedCell,
  type PrintedReport,
} from './present.ts';
export { buildNarrative, chineseDate, chineseYear, type Narrative, type NarrativeOptions, type Section } from './narrative.ts';
export { countSplits, countTransposedSplits, uniqueSplit, T3_SHAPE, T4_SHAPE, type SplitShape } from './glue.ts';
export { encodeGbk } from './gbk.ts';
export { renderHtml, renderHtmlBytes, type HtmlOptions } from './render/html.ts';
export { renderText, type TextOptions } from './render/text.ts';
export { renderMarkdown, type MarkdownOptions } from './render/markdown.ts';
export { crawlerAmbiguities, renderCrawlerText, type CrawlerOptions } from './render/crawler.ts';
export { renderPrintPages, type PrintOptions } from './render/print.ts';
export { garbageBytes, generatePre2019, renderNewsPage, renderPre2019Html, type Pre2019Data, type Pre2019Row } from './render/other.ts';
