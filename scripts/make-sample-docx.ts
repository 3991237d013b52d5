/**
 * Writes the DOCX samples: HTML samples converted to Word by LibreOffice (their expected values
 * are the HTML sample's, since the numbers are the same), and a ZIP bomb whose document part
 * inflates to 64 MB. Needs LibreOffice (`scripts/make-sample-pdfs.sh` installs it).
 *
 *   node scripts/make-sample-docx.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');
const CONVERT = ['html/v2021-city-gov-utf8.html', 'html/v2019-2020-blank-totals.html'];

mkdirSync(join(SAMPLES, 'docx'), { recursive: true });
mkdirSync(join(SAMPLES, 'expected', 'docx'), { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'gongkai-docx-'));
try {
  for (const relative of CONVERT) {
    const name = basename(relative).replace(/\.html$/, '.docx');
    // LibreOffice refuses some portal <head>s; the body with a charset is what Word would get from a paste.
    const html = readFileSync(join(SAMPLES, relative), 'utf8');
    const body = /<body[\s\S]*<\/body>/i.exec(html)?.[0] ?? html;
    const source = join(work, basename(relative));
    writeFileSync(source, `<html><head><meta charset="utf-8"></head>${body}</html>`);
    execFileSync('soffice', ['--headless', '--writer', '--convert-to', 'docx:MS Word 2007 XML', '--outdir', work, source], {
      stdio: 'ignore',
      env: { ...process.env, HOME: work },
    });
    renameSync(join(work, name), join(SAMPLES, 'docx', name));
    const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected', `${relative}.json`), 'utf8')) as Record<string, unknown>;
    expected.file = name;
    expected.notes = `${relative} converted to DOCX by LibreOffice; the same values.`;
    writeFileSync(join(SAMPLES, 'expected', 'docx', `${name}.json`), `${JSON.stringify(expected, null, 2)}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// A ZIP bomb: a tiny archive whose word/document.xml inflates to 64 MB of spaces.
const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': new Uint8Array(64 * 1024 * 1024).fill(0x20) }, { level: 9 });
writeFileSync(join(SAMPLES, 'broken', 'zip-bomb.docx'), bomb);
writeFileSync(
  join(SAMPLES, 'expected', 'broken', 'zip-bomb.docx.json'),
  `${JSON.stringify({ file: 'zip-bomb.docx', agency: null, year: null, template: 'unknown', cells: {}, failing_rules: [], error: 'E_BUDGET' }, null, 2)}\n`,
);
