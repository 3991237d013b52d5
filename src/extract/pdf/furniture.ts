/**
 * Page furniture: page numbers ("— 3 —", "- 3 -", "第 3 页", "3/12") and running headers or
 * footers repeated on several pages. Only lines in the top or bottom margin band qualify.
 */

export interface PlacedLine {
  page: number;
  /** top and bottom of the line, pt from the top of the page */
  y0: number;
  y1: number;
  pageHeight: number;
  text: string;
}

/** Share of the page height at the top and at the bottom where furniture lives. */
const MARGIN_SHARE = 0.12;

const PAGE_NUMBER = new RegExp(
  [
    String.raw`^[-—–－―─·•\s]*\d{1,4}[-—–－―─·•\s]*$`, // - 3 -, — 3 —, ·3·, 3
    String.raw`^第\s*\d{1,4}\s*页(\s*[,，]?\s*共\s*\d{1,4}\s*页)?$`, // 第 3 页 (共 6 页)
    String.raw`^\d{1,4}\s*[/／]\s*\d{1,4}$`, // 3/6
    String.raw`^(page|p\.)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?$`, // Page 3 of 6
  ].join('|'),
  'iu',
);

export function isPageNumberText(text: string): boolean {
  return PAGE_NUMBER.test(text.trim());
}

function inMargin(line: PlacedLine): boolean {
  const band = line.pageHeight * MARGIN_SHARE;
  return line.y1 <= band || line.y0 >= line.pageHeight - band;
}

/** Text with digits abstracted, so "— 3 —" on page 3 and "— 4 —" on page 4 compare equal. */
function shape(text: string): string {
  return text.replace(/\s+/gu, '').replace(/\d+/gu, '#');
}

/**
 * The furniture among `lines` (all pages): page numbers in the margin bands, and margin lines
 * whose shape repeats on at least two pages and on at least half of the pages.
 */
export function findFurniture<T extends PlacedLine>(lines: readonly T[], pageCount: number): Set<T> {
  const furniture = new Set<T>();
  const pagesByShape = new Map<string, Set<number>>();
  for (const line of lines) {
    if (!inMargin(line)) continue;
    if (isPageNumberText(line.text)) {
      furniture.add(line);
      continue;
    }
    const key = `${line.y0 < line.pageHeight / 2 ? 'top' : 'bottom'}:${shape(line.text)}`;
    let pages = pagesByShape.get(key);
    if (!pages) pagesByShape.set(key, (pages = new Set()));
    pages.add(line.page);
  }
  const minPages = Math.max(2, Math.ceil(pageCount / 2));
  for (const line of lines) {
    if (!inMargin(line) || furniture.has(line)) continue;
    const key = `${line.y0 < line.pageHeight / 2 ? 'top' : 'bottom'}:${shape(line.text)}`;
    if ((pagesByShape.get(key)?.size ?? 0) >= minPages) furniture.add(line);
  }
  return furniture;
}
