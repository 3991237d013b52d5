/**
 * One pass over a page's pdfjs operator list that yields both what the page says (glyphs with
 * their boxes) and how it is ruled (axis-aligned line segments).
 *
 * Why not `getTextContent()`: it parses the content stream a second time (the operator list is
 * needed anyway for ruling lines), which doubled the cost per page, and it drops glyphs of
 * vertical (Identity-V) fonts (shared/notes/stack-notes.md §2). The operator list carries every
 * glyph with its Unicode and advance, so the text is positioned here the way pdfjs's own canvas
 * renderer positions it (`CanvasGraphics.showText` in pdfjs-dist/legacy/build/pdf.mjs).
 */
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api.js';
import { applyX, applyY, multiply, type Glyph, type Matrix, type Segment } from './geometry.ts';
import type { Pdfjs } from './pdfjs-runtime.ts';
import { subpathRules } from './ruling.ts';

/** pdfjs's path-buffer opcodes inside `constructPath` (DrawOPS, not exported by pdfjs). */
const DRAW_MOVE = 0;
const DRAW_LINE = 1;
const DRAW_CURVE = 2;
const DRAW_QUAD = 3;
const DRAW_CLOSE = 4;

/** Glyph box relative to the baseline, in ems (pdfjs has the real metrics only for some fonts). */
const ASCENT = 0.85;
const DESCENT = -0.15;

export interface PageContent {
  width: number;
  height: number;
  glyphs: Glyph[];
  segments: Segment[];
}

interface FontInfo {
  fontMatrix: number[];
  vertical: boolean;
}

interface PdfjsGlyph {
  unicode: string;
  width: number;
  vmetric?: number[] | null;
  isSpace?: boolean;
}

interface State {
  ctm: Matrix;
  font: FontInfo;
  fontSize: number;
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  textMatrix: Matrix | null;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
}

const FONT_WAIT_MS = 5000;
const DEFAULT_FONT: FontInfo = { fontMatrix: [0.001, 0, 0, 0.001, 0, 0], vertical: false };

/** pdfjs failed on one page (a broken content stream, font or resource): the page is skipped. */
export class PageReadError extends Error {
  override readonly name = 'PageReadError';
}

export async function readPageContent(lib: Pdfjs, page: PDFPageProxy): Promise<PageContent> {
  const viewport = page.getViewport({ scale: 1 });
  let opList: Awaited<ReturnType<PDFPageProxy['getOperatorList']>>;
  let fonts: Map<string, FontInfo>;
  try {
    opList = await page.getOperatorList({ annotationMode: lib.AnnotationMode.DISABLE });
    fonts = await loadFonts(lib, page, opList.fnArray, opList.argsArray);
  } catch (error) {
    throw new PageReadError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const content: PageContent = { width: viewport.width, height: viewport.height, glyphs: [], segments: [] };
  interpret(lib.OPS, opList.fnArray, opList.argsArray, fonts, viewport.transform as Matrix, content);
  return content;
}

/** Font objects arrive asynchronously on pdfjs's "main" side; wait for the ones this page uses. */
async function loadFonts(lib: Pdfjs, page: PDFPageProxy, fnArray: number[], argsArray: unknown[][]) {
  const names = new Set<string>();
  for (let i = 0; i < fnArray.length; i++) {
    if (fnArray[i] === lib.OPS.setFont) names.add(String(argsArray[i]![0]));
    else if (fnArray[i] === lib.OPS.setGState) {
      for (const [key, value] of argsArray[i]![0] as [string, unknown][]) {
        if (key === 'Font') names.add(String((value as unknown[])[0]));
      }
    }
  }
  const fonts = new Map<string, FontInfo>();
  await Promise.all(
    [...names].map(
      (name) =>
        new Promise<void>((resolve) => {
          // pdfjs resolves every font it announced (with an error object if loading failed);
          // should one never arrive, its text is placed with default metrics rather than hang
          setTimeout(resolve, FONT_WAIT_MS).unref();
          page.commonObjs.get(
            name,
            (font: { fontMatrix?: number[]; vertical?: boolean } | null) => {
              fonts.set(name, {
                fontMatrix: font?.fontMatrix ?? DEFAULT_FONT.fontMatrix,
                vertical: Boolean(font?.vertical),
              });
              resolve();
            },
            () => resolve(),
          );
        }),
    ),
  );
  return fonts;
}

function interpret(
  OPS: Pdfjs['OPS'],
  fnArray: number[],
  argsArray: unknown[][],
  fonts: Map<string, FontInfo>,
  base: Matrix,
  out: PageContent,
): void {
  let st: State = {
    ctm: base,
    font: DEFAULT_FONT,
    fontSize: 0,
    fontDirection: 1,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    textMatrix: null,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  };
  const stack: State[] = [];
  const setFont = (name: string, size: number) => {
    st.font = fonts.get(name) ?? DEFAULT_FONT;
    st.fontDirection = size < 0 ? -1 : 1;
    st.fontSize = Math.abs(size);
  };
  const moveText = (x: number, y: number) => {
    st.x = st.lineX += x;
    st.y = st.lineY += y;
  };

  // op codes as locals: a switch over property loads compares them one by one on every op
  const BEGIN_GROUP = OPS.beginGroup;
  const BEGIN_TEXT = OPS.beginText;
  const CONSTRUCT_PATH = OPS.constructPath;
  const END_GROUP = OPS.endGroup;
  const MOVE_TEXT = OPS.moveText;
  const NEXT_LINE = OPS.nextLine;
  const PAINT_FORM_X_OBJECT_BEGIN = OPS.paintFormXObjectBegin;
  const PAINT_FORM_X_OBJECT_END = OPS.paintFormXObjectEnd;
  const RESTORE = OPS.restore;
  const SAVE = OPS.save;
  const SET_CHAR_SPACING = OPS.setCharSpacing;
  const SET_FONT = OPS.setFont;
  const SET_G_STATE = OPS.setGState;
  const SET_H_SCALE = OPS.setHScale;
  const SET_LEADING = OPS.setLeading;
  const SET_LEADING_MOVE_TEXT = OPS.setLeadingMoveText;
  const SET_TEXT_MATRIX = OPS.setTextMatrix;
  const SET_TEXT_RISE = OPS.setTextRise;
  const SET_WORD_SPACING = OPS.setWordSpacing;
  const SHOW_TEXT = OPS.showText;
  const TRANSFORM = OPS.transform;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i]!;
    switch (fn) {
      case SAVE:
      case BEGIN_GROUP:
        stack.push({ ...st });
        break;
      case RESTORE:
      case END_GROUP:
        st = stack.pop() ?? st;
        break;
      case TRANSFORM:
        st.ctm = multiply(args as number[], st.ctm);
        break;
      case PAINT_FORM_X_OBJECT_BEGIN:
        stack.push({ ...st });
        if (args[0]) st.ctm = multiply(args[0] as number[], st.ctm);
        break;
      case PAINT_FORM_X_OBJECT_END:
        st = stack.pop() ?? st;
        break;
      case CONSTRUCT_PATH:
        addPathSegments(OPS, args, st.ctm, out);
        break;
      case SET_G_STATE:
        for (const [key, value] of args[0] as [string, unknown][]) {
          if (key === 'Font') setFont(String((value as unknown[])[0]), Number((value as unknown[])[1]));
        }
        break;
      case BEGIN_TEXT:
        st.textMatrix = null;
        st.x = st.lineX = st.y = st.lineY = 0;
        break;
      case SET_FONT:
        setFont(String(args[0]), Number(args[1]));
        break;
      case SET_TEXT_MATRIX:
        st.textMatrix = Array.from(args[0] as ArrayLike<number>) as Matrix;
        st.x = st.lineX = st.y = st.lineY = 0;
        break;
      case MOVE_TEXT:
        moveText(Number(args[0]), Number(args[1]));
        break;
      case SET_LEADING_MOVE_TEXT:
        st.leading = Number(args[1]);
        moveText(Number(args[0]), Number(args[1]));
        break;
      case SET_LEADING:
        st.leading = -Number(args[0]);
        break;
      case NEXT_LINE:
        moveText(0, st.leading);
        break;
      case SET_CHAR_SPACING:
        st.charSpacing = Number(args[0]);
        break;
      case SET_WORD_SPACING:
        st.wordSpacing = Number(args[0]);
        break;
      case SET_H_SCALE:
        st.hScale = Number(args[0]) / 100;
        break;
      case SET_TEXT_RISE:
        st.rise = Number(args[0]);
        break;
      case SHOW_TEXT:
        showText(st, args[0] as (PdfjsGlyph | number)[], out);
        break;
      default:
        break;
    }
  }
}

/** Positions each glyph like pdfjs's canvas renderer and records the non-blank ones. */
function showText(st: State, glyphs: (PdfjsGlyph | number)[], out: PageContent): void {
  const { fontSize, font } = st;
  if (fontSize === 0) return;
  const m = st.textMatrix ? multiply(st.textMatrix, st.ctm) : st.ctm;
  const vertical = font.vertical;
  const scale = fontSize * (font.fontMatrix[0] || 0.001);
  const hScale = st.hScale * st.fontDirection;
  const spacingDir = vertical ? 1 : -1;
  // size of one em on the page: the length of the text-space y unit vector, times the font size
  const emOnPage = fontSize * Math.hypot(m[2], m[3]);
  const skewed = Math.min(Math.abs(m[0]), Math.abs(m[1])) > 0.05 * Math.max(Math.abs(m[0]), Math.abs(m[1]));
  let x = 0;
  for (const glyph of glyphs) {
    if (typeof glyph === 'number') {
      x += (spacingDir * glyph * fontSize) / 1000;
      continue;
    }
    const spacing = (glyph.isSpace ? st.wordSpacing : 0) + st.charSpacing;
    let ox: number;
    let oy: number;
    let advance: number;
    if (vertical) {
      const vm = glyph.vmetric ?? [-1000, glyph.width / 2, 880];
      ox = st.x + -vm[1]! * scale * hScale;
      oy = st.y + st.rise - (x + vm[2]! * scale);
      advance = -vm[0]! * scale - spacing * st.fontDirection;
    } else {
      ox = st.x + x * hScale;
      oy = st.y + st.rise;
      advance = glyph.width * scale + spacing * st.fontDirection;
    }
    const text = normaliseGlyphText(glyph.unicode);
    // text set at an angle other than a multiple of 90° (watermarks, stamps) is not content
    if (text && emOnPage > 0.5 && !skewed) {
      const wide = glyph.width * scale * hScale;
      const bottom = oy + DESCENT * fontSize;
      const top = oy + ASCENT * fontSize;
      // two opposite corners suffice for axis-aligned text; rotated text needs all four
      const xa = applyX(m, ox, bottom);
      const ya = applyY(m, ox, bottom);
      const xb = applyX(m, ox + wide, top);
      const yb = applyY(m, ox + wide, top);
      let x0 = Math.min(xa, xb);
      let x1 = Math.max(xa, xb);
      let y0 = Math.min(ya, yb);
      let y1 = Math.max(ya, yb);
      if (m[1] !== 0 || m[2] !== 0) {
        const xc = applyX(m, ox + wide, bottom);
        const yc = applyY(m, ox + wide, bottom);
        const xd = applyX(m, ox, top);
        const yd = applyY(m, ox, top);
        x0 = Math.min(x0, xc, xd);
        x1 = Math.max(x1, xc, xd);
        y0 = Math.min(y0, yc, yd);
        y1 = Math.max(y1, yc, yd);
      }
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      if (cx >= -1 && cy >= -1 && cx <= out.width + 1 && cy <= out.height + 1) {
        out.glyphs.push({ text, x0, y0, x1, y1, size: emOnPage, vertical });
      }
    }
    x += advance;
  }
  if (vertical) st.y -= x;
  else st.x += x * hScale;
}

/** Kangxi radicals (⼀ U+2F00), CJK compatibility ideographs and Latin ligatures. */
const COMPATIBILITY = /[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb4f]|[\u{2f800}-\u{2fa1f}]/gu;

function isCompatibility(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x2fdf) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfb00 && code <= 0xfb4f);
}

/**
 * Blank glyphs carry no text (gaps are measured instead); compatibility forms are unified, as
 * pdfjs's getTextContent normalises them; full-width ASCII is kept as printed.
 */
function normaliseGlyphText(unicode: string): string {
  if (unicode.length === 1) {
    // the common case, without regular expressions: one BMP character per glyph
    const code = unicode.charCodeAt(0);
    if (code <= 0x20 || code === 0xa0 || code === 0x3000 || (code >= 0x2000 && code <= 0x200b)) return '';
    return isCompatibility(code) ? unicode.normalize('NFKC') : unicode;
  }
  if (!unicode || !/\S/u.test(unicode) || /^[\u0000-\u001f\u3000\u00a0]+$/u.test(unicode)) return '';
  return unicode.replace(COMPATIBILITY, (c) => c.normalize('NFKC'));
}

/** Axis-aligned stroked lines and thin filled rectangles of one `constructPath`, on the page. */
function addPathSegments(OPS: Pdfjs['OPS'], args: unknown[], ctm: Matrix, out: PageContent): void {
  const paint = args[0] as number;
  const buffer = (args[1] as (ArrayLike<number> | null)[] | null)?.[0];
  if (!buffer || paint === OPS.endPath) return;
  const stroke =
    paint === OPS.stroke ||
    paint === OPS.closeStroke ||
    paint === OPS.fillStroke ||
    paint === OPS.eoFillStroke ||
    paint === OPS.closeFillStroke ||
    paint === OPS.closeEOFillStroke;
  const fill = paint !== OPS.stroke && paint !== OPS.closeStroke;
  const closeOnStroke = paint === OPS.closeStroke || paint === OPS.closeFillStroke || paint === OPS.closeEOFillStroke;

  // subpaths as flat [x0, y0, x1, y1, …] point lists in page space; curves end a straight run
  const subpaths: number[][] = [];
  let current: number[] = [];
  let closed: boolean[] = [];
  const flush = (isClosed: boolean) => {
    if (current.length >= 4) {
      subpaths.push(current);
      closed.push(isClosed);
    }
    current = [];
  };
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++];
    if (op === DRAW_MOVE || op === DRAW_LINE) {
      const px = buffer[k++]!;
      const py = buffer[k++]!;
      if (op === DRAW_MOVE) flush(false);
      current.push(applyX(ctm, px, py), applyY(ctm, px, py));
    } else if (op === DRAW_CURVE) {
      k += 6;
      flush(false);
    } else if (op === DRAW_QUAD) {
      k += 4;
      flush(false);
    } else if (op === DRAW_CLOSE) {
      const start = current.slice(0, 2);
      flush(true);
      current = start; // a new subpath starts where the closed one began
    } else {
      break; // unknown opcode: stop reading this buffer rather than misparse it
    }
  }
  flush(false);

  for (let s = 0; s < subpaths.length; s++) {
    out.segments.push(...subpathRules(subpaths[s]!, { closed: closed[s]! || closeOnStroke, stroke, fill }));
  }
}

