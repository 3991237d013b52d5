/**
 * How deep an HTML page nests, estimated in one linear pass over the markup before it is parsed.
 *
 * Found by fuzzing: cheerio's parser (parse5) takes time quadratic in the nesting depth (10^4
 * nested <div>s: 1 s, 10^5: 81 s), the DOM walkers (text(), the body finder, the block walker)
 * recurse, so 5 000 levels overflowed the stack (E_INTERNAL), and 3 000 unclosed <font>s with
 * distinct attributes, one per paragraph, made parse5 reopen all of them in every paragraph
 * (4.5 million elements, 28 s). Real report pages nest 16–25 levels. A page whose estimate
 * exceeds MAX_HTML_NESTING is refused (E_BUDGET) before parsing.
 *
 * The estimate follows the tree builder loosely: void elements and raw-text bodies (script, style,
 * comments) add nothing, an end tag closes everything opened after its start tag, elements a
 * sibling closes implicitly (<p>, <li>, <td>, <option> …) close their open namesake nearby, and
 * formatting elements (<b>, <font> …) left open count until their end tag or their table cell
 * closes, as the parser's list of active formatting elements does (three alike at most). It errs
 * high rather than low.
 */
export const MAX_HTML_NESTING = 1000;

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'image', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);
/**
 * Opening one of these closes an open element of the same name (within a few levels): <p>, <li>,
 * cells and rows by the implied-end rules; <select>, <button>, headings and a <table> outside a
 * cell because the parser closes the open one rather than nest them.
 */
const SIBLING_CLOSED = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'thead', 'tbody', 'tfoot', 'rb', 'rt', 'rp', 'select', 'button', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table']);
/** Containers that stop that search: an <li> inside a nested list does not close the outer one. */
const SCOPE = new Set(['table', 'ul', 'ol', 'dl', 'select', 'td', 'th', 'caption', 'button', 'object', 'applet', 'marquee', 'template', 'html', 'body', 'svg', 'math']);
const SIBLING_SEARCH = 64;
const FOREIGN = new Set(['svg', 'math']);
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
/** Elements that put a marker in the list of active formatting elements: closing them clears it back. */
const MARKERS = new Set(['td', 'th', 'caption', 'applet', 'object', 'marquee', 'template']);
/** The parser keeps at most three alike (same name and attributes) active formatting elements. */
const NOAHS_ARK = 3;

const TAG_NAME = /^\/?([a-zA-Z][^\s/>]*)/;

/** Active formatting elements since the last marker: count by name+attributes and keys by name, latest last. */
interface FormattingScope {
  size: number;
  byKey: Map<string, number>;
  byName: Map<string, string[]>;
}

const newScope = (): FormattingScope => ({ size: 0, byKey: new Map(), byName: new Map() });

/** The deepest nesting seen; scanning stops as soon as it exceeds `stopAt`. */
export function nestingDepth(html: string, stopAt = Infinity): number {
  const stack: string[] = [];
  const open = new Map<string, number>();
  const scopes: FormattingScope[] = [newScope()];
  let formatting = 0;
  let foreign = 0;
  let deepest = 0;
  let nextGt = -1;

  const removeFormatting = (name: string) => {
    const scope = scopes.at(-1)!;
    const key = scope.byName.get(name)?.pop();
    if (key === undefined) return;
    scope.byKey.set(key, scope.byKey.get(key)! - 1);
    scope.size--;
    formatting--;
  };
  const addFormatting = (name: string, key: string) => {
    const scope = scopes.at(-1)!;
    if ((scope.byKey.get(key) ?? 0) >= NOAHS_ARK) return; // the earliest alike one is dropped: same count
    scope.byKey.set(key, (scope.byKey.get(key) ?? 0) + 1);
    let keys = scope.byName.get(name);
    if (!keys) scope.byName.set(name, (keys = []));
    keys.push(key);
    scope.size++;
    formatting++;
  };
  const push = (name: string) => {
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (FOREIGN.has(name)) foreign++;
    if (MARKERS.has(name)) scopes.push(newScope());
  };
  const pop = () => {
    const name = stack.pop()!;
    open.set(name, open.get(name)! - 1);
    if (FOREIGN.has(name)) foreign--;
    if (MARKERS.has(name) && scopes.length > 1) formatting -= scopes.pop()!.size;
  };

  let pos = 0;
  while (pos < html.length) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      pos = end + 3;
      continue;
    }
    const next = html.charCodeAt(lt + 1);
    const isEnd = next === 0x2f; // '/'
    const first = isEnd ? html.charCodeAt(lt + 2) : next;
    const letter = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a);
    if (!letter) {
      pos = lt + 1;
      continue;
    }
    if (nextGt <= lt) nextGt = html.indexOf('>', lt);
    if (nextGt < 0) break;
    const gt = nextGt;
    const name = TAG_NAME.exec(html.slice(lt + 1, Math.min(gt, lt + 64)))![1]!.toLowerCase();
    pos = gt + 1;
    if (isEnd) {
      if (FORMATTING.has(name)) removeFormatting(name);
      if ((open.get(name) ?? 0) > 0) {
        while (stack.length > 0 && stack.at(-1) !== name) pop();
        pop();
      }
      continue;
    }
    if (VOID.has(name)) continue;
    if (foreign > 0 && html.charCodeAt(gt - 1) === 0x2f) continue; // <path/> inside <svg>
    if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}[\\s/>]`, 'gi');
      close.lastIndex = pos;
      const found = close.exec(html);
      if (!found) break;
      pos = found.index + found[0].length;
      continue;
    }
    if (SIBLING_CLOSED.has(name) && (open.get(name) ?? 0) > 0) {
      for (let i = stack.length - 1; i >= Math.max(0, stack.length - SIBLING_SEARCH); i--) {
        if (stack[i] === name) {
          while (stack.length > i) pop();
          break;
        }
        if (SCOPE.has(stack[i]!)) break;
      }
    }
    if (name === 'plaintext') break; // the rest of the page is text
    if (name === 'form' && (open.get('form') ?? 0) > 0) continue; // a form inside a form is ignored
    if (FORMATTING.has(name)) {
      // a new <a> or <nobr> closes the open one; any formatting element joins the active list
      if ((name === 'a' || name === 'nobr') && (scopes.at(-1)!.byName.get(name)?.length ?? 0) > 0) {
        removeFormatting(name);
        if ((open.get(name) ?? 0) > 0) {
          while (stack.length > 0 && stack.at(-1) !== name) pop();
          pop();
        }
      }
      addFormatting(name, html.slice(lt + 1, gt).replace(/\s+/g, ' '));
    }
    push(name);
    // Open formatting elements are counted twice (on the stack and in the list): the estimate errs high.
    const depth = stack.length + formatting;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > stopAt) return deepest;
    }
  }
  return deepest;
}
