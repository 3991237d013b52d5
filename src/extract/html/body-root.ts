import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * Finds the report body among site furniture (header, navigation, share widgets, footer):
 * descend from <body> while one child holds most of the page's non-link text. Navigation is
 * mostly link text, so it weighs little; the article container keeps the weight.
 */
const SHARE_OF_PARENT = 0.8;

interface Weight {
  /** non-whitespace characters of the text below (what `$(node).text()` holds, whitespace removed) */
  text: number;
  /** the same for the text of every <a> below, counted once per <a> like `$(node).find('a').text()` */
  links: number;
}

const NON_SPACE = /\S/g;
const countNonSpace = (text: string) => text.length - text.replace(NON_SPACE, '').length;

/**
 * The weights of every element under `root`, in one iterative post-order pass. Computing
 * `$(node).text()` afresh at each level of the descent was quadratic in the page depth (a
 * 1 000-level page holding 5 MB of text read 5 GB), and the recursion in text() overflowed the
 * stack on deep pages (found by fuzzing). Equal to the old per-node `text().replace(/\s+/g, '')`
 * lengths, since whitespace removal and length add up over concatenated text.
 */
function weights(root: AnyNode): Map<AnyNode, Weight> {
  const result = new Map<AnyNode, Weight>();
  const stack: { node: AnyNode; visited: boolean }[] = [{ node: root, visited: false }];
  while (stack.length > 0) {
    const entry = stack.at(-1)!;
    const children = 'children' in entry.node ? (entry.node.children as AnyNode[]) : [];
    if (!entry.visited) {
      entry.visited = true;
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, visited: false });
      continue;
    }
    stack.pop();
    const node = entry.node;
    if (node.type === 'text' || node.type === 'cdata') {
      // cdata holds its text in a text child; only text nodes carry data
      result.set(node, { text: node.type === 'text' ? countNonSpace((node as unknown as { data: string }).data) : 0, links: 0 });
      continue;
    }
    const weight: Weight = { text: 0, links: 0 };
    for (const child of children) {
      const own = result.get(child);
      if (!own) continue;
      weight.text += own.text;
      weight.links += own.links + (child.type === 'tag' && (child as Element).name === 'a' ? own.text : 0);
    }
    result.set(node, weight);
  }
  return result;
}

export function findBodyRoot($: CheerioAPI): AnyNode {
  let current = ($('body')[0] ?? $.root()[0]) as Element;
  const weightOf = weights(current);
  const contentWeight = (node: Element) => {
    const weight = weightOf.get(node)!;
    return weight.text - 2 * weight.links;
  };
  for (;;) {
    const total = contentWeight(current);
    if (total <= 0) return current;
    const children = $(current).children().toArray() as Element[];
    let best: Element | undefined;
    let bestWeight = 0;
    for (const child of children) {
      if (child.name === 'table' || child.name === 'tr' || child.name === 'tbody') continue;
      const weight = contentWeight(child);
      if (weight > bestWeight) [best, bestWeight] = [child, weight];
    }
    if (!best || bestWeight < SHARE_OF_PARENT * total) return current;
    current = best;
  }
}
