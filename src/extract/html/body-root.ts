import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Finds the report body among site furniture (header, navigation, share widgets, footer):
 * descend from <body> while one child holds most of the page's non-link text. Navigation is
 * mostly link text, so it weighs little; the article container keeps the weight.
 */
const SHARE_OF_PARENT = 0.8;

function contentWeight($: CheerioAPI, node: Element): number {
  const text = $(node).text().replace(/\s+/g, '').length;
  const links = $(node).find('a').text().replace(/\s+/g, '').length;
  return text - 2 * links;
}

export function findBodyRoot($: CheerioAPI): AnyNode {
  let current = ($('body')[0] ?? $.root()[0]) as Element;
  for (;;) {
    const total = contentWeight($, current);
    if (total <= 0) return current;
    const children = $(current).children().toArray() as Element[];
    let best: Element | undefined;
    let bestWeight = 0;
    for (const child of children) {
      if (child.name === 'table' || child.name === 'tr' || child.name === 'tbody') continue;
      const weight = contentWeight($, child);
      if (weight > bestWeight) [best, bestWeight] = [child, weight];
    }
    if (!best || bestWeight < SHARE_OF_PARENT * total) return current;
    current = best;
  }
}
