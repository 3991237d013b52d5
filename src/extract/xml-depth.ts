/** Markup that opens no element, and where it ends. */
const SKIPPED: readonly [string, string][] = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
  ['<!', '>'],
];

/**
 * How deep an XML part nests, in one linear pass over its text, so a part too deep to walk is
 * refused before it is parsed. Found by fuzzing (shared by the DOCX and OFD readers): a damaged word/document.xml whose end tags were
 * lost nests thousands of elements, and the DOM text walker recurses once per level until the
 * stack overflows (E_INTERNAL). Real report bodies nest about 10 levels (w:body › w:tbl › w:tr ›
 * w:tc › w:p › w:r › w:t, with w:sdt wrappers). Returns as soon as `limit` is passed.
 */
export function xmlNestingDepth(xml: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let at = xml.indexOf('<'); at !== -1 && deepest <= limit; at = xml.indexOf('<', at + 1)) {
    const skipTo = SKIPPED.find(([open]) => xml.startsWith(open, at))?.[1];
    if (skipTo !== undefined) {
      // declarations, comments, CDATA: no element, and no markup inside
      const end = xml.indexOf(skipTo, at + 2);
      if (end === -1) break;
      at = end;
      continue;
    }
    if (xml[at + 1] === '/') {
      depth = Math.max(0, depth - 1);
      continue;
    }
    const end = xml.indexOf('>', at);
    if (end === -1) break;
    if (xml[end - 1] !== '/') deepest = Math.max(deepest, ++depth);
    at = end;
  }
  return deepest;
}
