/**
 * One OFD page's Content.xml → the positioned glyphs and ruling segments the PDF layout code reads
 * (../pdf/geometry.ts): OFD pages already have their origin at the top-left corner and y growing
 * downwards, so only the unit changes, millimetres → PDF points, and the thresholds tuned for PDFs
 * hold. Text objects are placed by their Boundary origin, their CTM (when given) and each TextCode's
 * X/Y with the DeltaX/DeltaY gaps between characters (GB/T 33190 §11.3, with the `g n d` repeat
 * shorthand); path objects become ruling segments from their AbbreviatedData (§9.1).
 */
import type { Element } from 'domhandler';
import type { Glyph, Segment } from '../pdf/geometry.ts';
import type { PageContent } from '../pdf/page-content.ts';
import { subpathRules } from '../pdf/ruling.ts';

/** Points per millimetre (72 pt to the inch, 25.4 mm to the inch). */
export const PT_PER_MM = 72 / 25.4;
/** Glyph box relative to the baseline, in ems, as the PDF reader assumes (../pdf/page-content.ts). */
const ASCENT = 0.85;
const DESCENT = -0.15;
/** A damaged page could repeat a character gap without end: refuse to expand more than this. */
const MAX_DELTAS = 100_000;

/** OFD's transformation matrix `a b c d e f`: (x, y) → (a·x + c·y + e, b·x + d·y + f). */
export type Ctm = [number, number, number, number, number, number];

/** An OFD page box `x y w h` (mm). */
export interface OfdBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function parseNumbers(text: string | undefined): number[] {
  if (!text) return [];
  const out: number[] = [];
  for (const part of text.trim().split(/[\s,]+/u)) {
    if (part === '') continue;
    const value = Number(part);
    if (Number.isFinite(value)) out.push(value);
  }
  return out;
}

export function parseBox(text: string | undefined): OfdBox | null {
  const n = parseNumbers(text);
  return n.length >= 4 ? { x: n[0]!, y: n[1]!, w: n[2]!, h: n[3]! } : null;
}

function parseCtm(text: string | undefined): Ctm | null {
  const n = parseNumbers(text);
  return n.length === 6 ? (n as Ctm) : null;
}

/**
 * DeltaX / DeltaY → one gap per following character: plain numbers, and `g n d` for n gaps of d.
 * Fewer gaps than characters: the last gap repeats (an absent list means no explicit gaps).
 */
export function expandDeltas(text: string | undefined, limit = MAX_DELTAS): number[] {
  if (!text) return [];
  const tokens = text.trim().split(/\s+/u);
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < limit; i++) {
    const token = tokens[i]!;
    if (token === 'g') {
      const count = Math.min(Math.max(0, Math.floor(Number(tokens[i + 1]))), limit - out.length);
      const delta = Number(tokens[i + 2]);
      i += 2;
      if (!Number.isFinite(count) || !Number.isFinite(delta)) continue;
      for (let k = 0; k < count; k++) out.push(delta);
    } else if (token !== '') {
      const value = Number(token);
      if (Number.isFinite(value)) out.push(value);
    }
  }
  return out;
}

/** The element's local name, without its namespace prefix (`ofd:TextCode` → `TextCode`). */
export function localName(element: Element): string {
  const colon = element.name.indexOf(':');
  return colon === -1 ? element.name : element.name.slice(colon + 1);
}

function childElements(element: Element): Element[] {
  return element.children.filter((child): child is Element => child.type === 'tag');
}

function textOf(element: Element): string {
  let out = '';
  const stack: Element[] = [element];
  while (stack.length) {
    const node = stack.pop()!;
    for (let i = node.children.length - 1; i >= 0; i--) {
      const child = node.children[i]!;
      if (child.type === 'text' || child.type === 'cdata') {
        if (child.type === 'text') out += (child as unknown as { data: string }).data;
        else stack.push(child as unknown as Element);
      } else if (child.type === 'tag') {
        stack.push(child as Element);
      }
    }
  }
  return out;
}

/** Characters that are not text (blanks) and compatibility forms, as the PDF reader treats them. */
function normaliseCharacter(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code <= 0x20 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b) || code === 0xfeff) return '';
  const compatibility = (code >= 0x2e80 && code <= 0x2fdf) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfb00 && code <= 0xfb4f) || (code >= 0x2f800 && code <= 0x2fa1f);
  return compatibility ? ch.normalize('NFKC') : ch;
}

/** Advance of a character (ems) when no later gap says otherwise: CJK and full-width forms are square. */
function nominalWidth(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code >= 0x2e80 || (code >= 0x2000 && code <= 0x206f)) return 1;
  return 0.55;
}

function apply(ctm: Ctm | null, x: number, y: number): [number, number] {
  if (!ctm) return [x, y];
  return [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]];
}

interface Sink {
  glyphs: Glyph[];
  segments: Segment[];
  width: number;
  height: number;
}

function addText(object: Element, out: Sink): void {
  const boundary = parseBox(object.attribs.Boundary);
  if (!boundary) return;
  const ctm = parseCtm(object.attribs.CTM);
  const size = Number(object.attribs.Size);
  if (!Number.isFinite(size) || size <= 0) return;
  // the em on the page: the object's y unit vector through its CTM, times the size
  const scaleY = ctm ? Math.hypot(ctm[2], ctm[3]) : 1;
  const skewed = ctm ? Math.min(Math.abs(ctm[0]), Math.abs(ctm[1])) > 0.05 * Math.max(Math.abs(ctm[0]), Math.abs(ctm[1])) : false;
  const em = size * scaleY * PT_PER_MM;
  if (skewed || em <= 0.5) return; // stamps and watermarks at an angle are not content
  let penX = 0;
  let penY = 0;
  for (const code of childElements(object)) {
    if (localName(code) !== 'TextCode') continue;
    const characters = Array.from(textOf(code));
    if (characters.length === 0) continue;
    const x = Number(code.attribs.X);
    const y = Number(code.attribs.Y);
    if (Number.isFinite(x)) penX = x;
    if (Number.isFinite(y)) penY = y;
    const dx = expandDeltas(code.attribs.DeltaX, characters.length);
    const dy = expandDeltas(code.attribs.DeltaY, characters.length);
    for (let i = 0; i < characters.length; i++) {
      const ch = characters[i]!;
      const gap = i < characters.length - 1 ? (dx[i] ?? dx[dx.length - 1]) : undefined;
      const text = normaliseCharacter(ch);
      if (text) {
        const nominal = nominalWidth(ch) * size;
        const wide = gap !== undefined && gap > 0 ? Math.min(gap, nominal) : nominal;
        const [xa, ya] = apply(ctm, penX, penY - DESCENT * size);
        const [xb, yb] = apply(ctm, penX + wide, penY - ASCENT * size);
        const x0 = (boundary.x + Math.min(xa, xb)) * PT_PER_MM;
        const x1 = (boundary.x + Math.max(xa, xb)) * PT_PER_MM;
        const y0 = (boundary.y + Math.min(ya, yb)) * PT_PER_MM;
        const y1 = (boundary.y + Math.max(ya, yb)) * PT_PER_MM;
        const cx = (x0 + x1) / 2;
        const cy = (y0 + y1) / 2;
        if (cx >= -1 && cy >= -1 && cx <= out.width + 1 && cy <= out.height + 1) {
          out.glyphs.push({ text, x0, y0, x1, y1, size: em, vertical: false });
        }
      }
      if (i < characters.length - 1) {
        penX += gap ?? nominalWidth(ch) * size;
        penY += dy.length ? (dy[i] ?? dy[dy.length - 1]!) : 0;
      } else {
        penX += nominalWidth(ch) * size;
      }
    }
  }
}

/** Operand counts of AbbreviatedData's operators (B: cubic, Q: quadratic, A: arc end at its last two). */
const OPERANDS: Record<string, number> = { S: 2, M: 2, L: 2, Q: 4, B: 6, A: 7, C: 0 };

function addPath(object: Element, out: Sink): void {
  const boundary = parseBox(object.attribs.Boundary);
  if (!boundary) return;
  const ctm = parseCtm(object.attribs.CTM);
  const data = childElements(object).find((child) => localName(child) === 'AbbreviatedData');
  if (!data) return;
  const stroke = object.attribs.Stroke !== 'false';
  const fill = object.attribs.Fill === 'true';
  const toPage = (x: number, y: number): [number, number] => {
    const [px, py] = apply(ctm, x, y);
    return [(boundary.x + px) * PT_PER_MM, (boundary.y + py) * PT_PER_MM];
  };
  const subpaths: { pts: number[]; closed: boolean }[] = [];
  let current: number[] = [];
  let start: number[] = [];
  let last: [number, number] = [0, 0];
  const flush = (closed: boolean) => {
    if (current.length >= 4) subpaths.push({ pts: current, closed });
    current = [];
  };
  const tokens = textOf(data).trim().split(/\s+/u);
  for (let i = 0; i < tokens.length; ) {
    const op = tokens[i++]!;
    const count = OPERANDS[op];
    if (count === undefined) break; // unknown operator: stop rather than misparse
    const args = tokens.slice(i, i + count).map(Number);
    i += count;
    if (args.length < count || args.some((v) => !Number.isFinite(v))) break;
    if (op === 'M' || op === 'S') {
      flush(false);
      last = toPage(args[0]!, args[1]!);
      current = [...last];
      start = [...last];
    } else if (op === 'L') {
      last = toPage(args[0]!, args[1]!);
      if (current.length === 0) current = [...last];
      else current.push(...last);
    } else if (op === 'C') {
      const begin = start.length ? start : current.slice(0, 2);
      flush(true);
      current = [...begin];
    } else {
      // a curve or arc ends a straight run; the pen moves to its end point
      flush(false);
      last = toPage(args[count - 2]!, args[count - 1]!);
      current = [...last];
    }
  }
  flush(false);
  for (const { pts, closed } of subpaths) out.segments.push(...subpathRules(pts, { closed, stroke, fill }));
}

/**
 * A page's content root (the parsed Content.xml's `Page` element, or several, e.g. its template
 * pages first) → glyphs and segments in PDF points, page space. `box` is the page's physical box (mm).
 */
export function readOfdPage(roots: readonly Element[], box: OfdBox): PageContent {
  const out: Sink = { glyphs: [], segments: [], width: box.w * PT_PER_MM, height: box.h * PT_PER_MM };
  // an explicit stack: a damaged page may nest deeply (the caller also bounds the depth)
  const stack: Element[] = [...roots].reverse();
  while (stack.length) {
    const element = stack.pop()!;
    const name = localName(element);
    if (name === 'TextObject') addText(element, out);
    else if (name === 'PathObject') addPath(element, out);
    else if (name !== 'ImageObject' && name !== 'CompositeObject') {
      const children = childElements(element);
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  return out;
}
