/**
 * Writes the OFD samples: born-digital sample PDFs re-written as OFD (GB/T 33190) documents, since
 * no OFD writer is installed here. Each PDF page is read by the PDF adapter's own page reader
 * (src/extract/pdf/page-content.ts) and its glyphs and ruling segments are emitted as OFD: one
 * TextObject per run of glyphs on one baseline (a TextCode with the run's characters and a DeltaX
 * gap between each pair), one PathObject per ruling line, all in millimetres, zipped with fflate.
 * The expected values are the PDF twin's, since the numbers are the same. Running it twice gives
 * identical bytes.
 *
 *   node scripts/make-sample-ofd.ts [samples/pdf/NAME.pdf …]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { zipSync } from 'fflate';
import { openDocument } from '../src/extract/pdf/open-document.ts';
import { readPageContent, type PageContent } from '../src/extract/pdf/page-content.ts';
import type { Glyph } from '../src/extract/pdf/geometry.ts';
import { SAMPLES } from './office-samples.ts';

const DEFAULT_SOURCES = ['pdf/v2021-ruled-repeated-header.pdf', 'pdf/v2021-borderless.pdf'];
const MM_PER_PT = 25.4 / 72;
/** The PDF reader's glyph box: 0.15 em of it below the baseline (src/extract/pdf/page-content.ts). */
const DESCENT = 0.15;
const NS = 'http://www.ofdspec.org/2016';

const mm = (pt: number) => Number((pt * MM_PER_PT).toFixed(3));
const num = (value: number) => String(Number(value.toFixed(3)));
const escape = (text: string) => text.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** Glyphs in painting order, cut where the baseline, the size or the direction of writing changes. */
function runs(glyphs: readonly Glyph[]): Glyph[][] {
  const out: Glyph[][] = [];
  let run: Glyph[] = [];
  for (const glyph of glyphs) {
    if (glyph.vertical) continue;
    const last = run[run.length - 1];
    const same = last && Math.abs(last.y1 - glyph.y1) < 0.01 && Math.abs(last.size - glyph.size) < 0.01 && glyph.x0 >= last.x0;
    if (!same && run.length) {
      out.push(run);
      run = [];
    }
    run.push(glyph);
  }
  if (run.length) out.push(run);
  return out;
}

function textObject(run: readonly Glyph[], id: number): string {
  const x0 = Math.min(...run.map((g) => g.x0));
  const x1 = Math.max(...run.map((g) => g.x1));
  const y0 = Math.min(...run.map((g) => g.y0));
  const y1 = Math.max(...run.map((g) => g.y1));
  const size = run[0]!.size;
  const baseline = run[0]!.y1 - DESCENT * size;
  const characters: string[] = [];
  const deltas: number[] = [];
  run.forEach((glyph, i) => {
    const parts = Array.from(glyph.text);
    const next = run[i + 1];
    parts.forEach((part, k) => {
      characters.push(part);
      if (k < parts.length - 1) deltas.push(mm((glyph.x1 - glyph.x0) / parts.length));
      else if (next) deltas.push(mm(next.x0 - glyph.x0 - ((glyph.x1 - glyph.x0) * (parts.length - 1)) / parts.length));
    });
  });
  const boundary = [mm(x0), mm(y0), mm(x1 - x0), mm(y1 - y0)].map(num).join(' ');
  const deltaX = deltas.length ? ` DeltaX="${deltas.map(num).join(' ')}"` : '';
  return (
    `<ofd:TextObject ID="${id}" Boundary="${boundary}" Font="1" Size="${num(mm(size))}">` +
    `<ofd:TextCode X="${num(mm(run[0]!.x0 - x0))}" Y="${num(mm(baseline - y0))}"${deltaX}>${escape(characters.join(''))}</ofd:TextCode>` +
    `</ofd:TextObject>`
  );
}

function pathObject(segment: PageContent['segments'][number], id: number): string {
  const length = mm(segment.to - segment.from);
  const boundary = segment.dir === 'h' ? [mm(segment.from), mm(segment.at) - 0.5, length, 1] : [mm(segment.at) - 0.5, mm(segment.from), 1, length];
  const data = segment.dir === 'h' ? `M 0 0.5 L ${num(length)} 0.5` : `M 0.5 0 L 0.5 ${num(length)}`;
  return `<ofd:PathObject ID="${id}" Boundary="${boundary.map(num).join(' ')}" LineWidth="0.25"><ofd:AbbreviatedData>${data}</ofd:AbbreviatedData></ofd:PathObject>`;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;

async function convert(relative: string): Promise<void> {
  const { runtime, task, doc } = await openDocument(new Uint8Array(readFileSync(join(SAMPLES, relative))));
  try {
    const info = (await doc.getMetadata().catch(() => ({ info: {} }))).info as { Title?: unknown };
    const title = typeof info.Title === 'string' ? info.Title : '';
    const files: Record<string, Uint8Array> = {};
    const encode = (text: string) => new TextEncoder().encode(text);
    let nextId = 2; // 1 is the font
    const pageRefs: string[] = [];
    let firstBox = '0 0 210 297';
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await readPageContent(runtime.lib, page);
      const box = `0 0 ${num(mm(content.width))} ${num(mm(content.height))}`;
      if (n === 1) firstBox = box;
      const layerId = nextId++;
      const objects = [
        ...content.segments.map((segment) => pathObject(segment, nextId++)),
        ...runs(content.glyphs).map((run) => textObject(run, nextId++)),
      ];
      const pageId = nextId++;
      pageRefs.push(`<ofd:Page ID="${pageId}" BaseLoc="Pages/Page_${n - 1}/Content.xml"/>`);
      files[`Doc_0/Pages/Page_${n - 1}/Content.xml`] = encode(
        xml(`<ofd:Page xmlns:ofd="${NS}"><ofd:Area><ofd:PhysicalBox>${box}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID="${layerId}">\n${objects.join('\n')}\n</ofd:Layer></ofd:Content></ofd:Page>`),
      );
    }
    files['OFD.xml'] = encode(
      xml(
        `<ofd:OFD xmlns:ofd="${NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>${basename(relative, '.pdf')}</ofd:DocID>` +
          `${title ? `<ofd:Title>${escape(title)}</ofd:Title>` : ''}<ofd:Creator>gongkai scripts/make-sample-ofd.ts</ofd:Creator></ofd:DocInfo>` +
          `<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
      ),
    );
    files['Doc_0/Document.xml'] = encode(
      xml(
        `<ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:MaxUnitID>${nextId - 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>${firstBox}</ofd:PhysicalBox></ofd:PageArea>` +
          `<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>${pageRefs.join('')}</ofd:Pages></ofd:Document>`,
      ),
    );
    files['Doc_0/DocumentRes.xml'] = encode(
      xml(`<ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="1" FontName="SimSun" FamilyName="SimSun"/></ofd:Fonts></ofd:Res>`),
    );
    const name = basename(relative).replace(/\.pdf$/u, '.ofd');
    const mtime = new Date('2026-01-01T00:00:00Z');
    mkdirSync(join(SAMPLES, 'ofd'), { recursive: true });
    writeFileSync(join(SAMPLES, 'ofd', name), zipSync(files, { level: 9, mtime }));
    const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected', `${relative}.json`), 'utf8')) as Record<string, unknown>;
    expected.file = name;
    expected.notes = `${relative} re-written as OFD by scripts/make-sample-ofd.ts (the PDF reader's glyphs and rules as TextObjects and PathObjects); the same values.`;
    mkdirSync(join(SAMPLES, 'expected', 'ofd'), { recursive: true });
    writeFileSync(join(SAMPLES, 'expected', 'ofd', `${name}.json`), `${JSON.stringify(expected, null, 2)}\n`);
    console.log(`${relative} → ofd/${name} (${doc.numPages} pages)`);
  } finally {
    await task.destroy().catch(() => {});
  }
}

const sources = process.argv.slice(2).map((arg) => arg.replace(/^(\.\/)?samples\//u, ''));
for (const relative of sources.length ? sources : DEFAULT_SOURCES) await convert(relative);
