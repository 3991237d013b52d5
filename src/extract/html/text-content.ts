import type { AnyNode } from 'domhandler';

/**
 * Node text as cheerio's `.text()` gives it (text nodes in document order, comments skipped),
 * without its recursion: domutils joins the text at every level, so one call was O(depth × size),
 * a title selector matching 300 nested elements took 2 minutes, and 5 000 levels overflowed the
 * stack (found by fuzzing).
 */
function eachText(node: AnyNode, visit: (data: string) => boolean): void {
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'comment') continue;
    if (current.type === 'text') {
      if (!visit((current as unknown as { data: string }).data)) return;
      continue;
    }
    if ('children' in current) {
      const children = current.children as AnyNode[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
}

export function textContent(node: AnyNode): string {
  const parts: string[] = [];
  eachText(node, (data) => parts.push(data) > 0);
  return parts.join('');
}

const NON_SPACE = /\S/;

/**
 * `textContent(node).trim()`, or null as soon as the trimmed text is certain to be `limit` or more
 * characters long (from its first to its latest non-whitespace character), without reading further.
 */
export function trimmedTextShorterThan(node: AnyNode, limit: number): string | null {
  const parts: string[] = [];
  let offset = 0;
  let first = -1;
  let tooLong = false;
  eachText(node, (data) => {
    const lead = data.search(NON_SPACE);
    if (lead >= 0) {
      let last = data.length - 1;
      while (!NON_SPACE.test(data[last]!)) last--;
      if (first < 0) first = offset + lead;
      if (offset + last - first + 1 >= limit) {
        tooLong = true;
        return false;
      }
    }
    parts.push(data);
    offset += data.length;
    return true;
  });
  return tooLong ? null : parts.join('').trim();
}
