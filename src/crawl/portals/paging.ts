import type { Anchor } from './links.ts';

/**
 * TRS list paging. Static TRS columns are `index.html`, `index_1.html`, … and print the page
 * count through `createPageHTML(total, current, "index", "html")`; some templates put a div id
 * first and a record count last: `createPageHTML('page_div', total, current, 'index', 'shtml', records)`.
 * Many pages also define the function inline (`function createPageHTML(_nPageCount, …)`) and
 * call it with the variables they set above (`var countPage = 8; … createPageHTML(countPage,
 * currentPage, "index", "shtml")`), so every call is tried and variables are resolved.
 */
export interface TrsPaging {
  total: number;
  current: number;
  prefix: string;
  ext: string;
}

export function parseCreatePageHtml(text: string): TrsPaging | null {
  for (const call of text.matchAll(/createPageHTML\s*\(([^)]*)\)/g)) {
    const args = call[1]!.split(',').map((arg) => numericVariable(text, arg.trim()) ?? arg.trim());
    const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
    const strings = args.filter((a) => /^(['"]).*\1$/.test(a)).map((a) => a.slice(1, -1));
    if (numbers.length >= 2 && strings.length >= 2) return { total: numbers[0]!, current: numbers[1]!, prefix: strings.at(-2)!, ext: strings.at(-1)! };
  }
  return null;
}

/** The value of `var name = 8` (or `name = 8;`) in the page, for an identifier argument. */
function numericVariable(text: string, name: string): string | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
  return new RegExp(`(?:^|[^\\w$.])${name.replace(/\$/g, '\\$')}\\s*=\\s*(\\d+)(?![\\w.])`).exec(text)?.[1];
}

/** The next TRS page after this one, or null on the last page. */
export function trsNextPage(text: string, pageUrl: string): string | null {
  const paging = parseCreatePageHtml(text);
  if (!paging || paging.current + 1 >= paging.total) return null;
  return new URL(`${paging.prefix}_${paging.current + 1}.${paging.ext}`, pageUrl).toString();
}

/** A "下一页" (next page) link, for templates that page with plain anchors. */
export function nextPageAnchor(all: Anchor[]): string | null {
  const next = all.find((a) => isNextPageLabel(a.text) || (a.title !== null && isNextPageLabel(a.title)));
  return next ? next.url.toString() : null;
}

/** Brackets and arrows that templates put around the label: `[下一页]`, `下一页>>`, `【下一页】`. */
const DECORATION = /[\s\[\]【】()（）<>＜＞《》«»‹›→]+/g;

function isNextPageLabel(text: string): boolean {
  const bare = text.replace(DECORATION, '');
  // a single arrow is "next"; a doubled one (">>") usually means the last page
  return bare === '' ? /^\s*(>|＞|»|›|→)\s*$/.test(text) : /^(下一页|下页|后一页|下一頁|next|nextpage)$/i.test(bare);
}
