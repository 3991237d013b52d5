/**
 * HTML samples converted to Word files by LibreOffice, for the DOCX and .doc samples: the report
 * body (decoded from its own charset) is what Word would get from a paste, and the expected values
 * are the HTML sample's, since the numbers are the same.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeBody } from '../src/encoding/charset.ts';

export const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', 'samples');

export interface WordFormat {
  /** samples/<folder>/ and samples/expected/<folder>/ */
  folder: string;
  extension: string;
  /** LibreOffice's --convert-to argument */
  filter: string;
  /** how the expected values' notes name the format */
  name: string;
}

export function convertHtmlSamples(sources: readonly string[], format: WordFormat): void {
  mkdirSync(join(SAMPLES, format.folder), { recursive: true });
  mkdirSync(join(SAMPLES, 'expected', format.folder), { recursive: true });
  const work = mkdtempSync(join(tmpdir(), `gongkai-${format.folder}-`));
  try {
    for (const relative of sources) {
      const name = basename(relative).replace(/\.html$/, format.extension);
      // LibreOffice refuses some portal <head>s; the body with a charset is what Word would get from a paste.
      const { text } = decodeBody(new Uint8Array(readFileSync(join(SAMPLES, relative))), null);
      const body = /<body[\s\S]*<\/body>/i.exec(text)?.[0] ?? text;
      const source = join(work, basename(relative));
      writeFileSync(source, `<html><head><meta charset="utf-8"></head>${body}</html>`);
      execFileSync('soffice', ['--headless', '--writer', '--convert-to', format.filter, '--outdir', work, source], {
        stdio: 'ignore',
        env: { ...process.env, HOME: work },
      });
      renameSync(join(work, name), join(SAMPLES, format.folder, name));
      const expected = JSON.parse(readFileSync(join(SAMPLES, 'expected', `${relative}.json`), 'utf8')) as Record<string, unknown>;
      expected.file = name;
      expected.notes = `${relative} converted to ${format.name} by LibreOffice; the same values.`;
      writeFileSync(join(SAMPLES, 'expected', format.folder, `${name}.json`), `${JSON.stringify(expected, null, 2)}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Expected values of a document that must fail with `error`. */
export function writeBrokenExpected(file: string, error: string): void {
  const expected = { file, agency: null, year: null, template: 'unknown', cells: {}, failing_rules: [], error };
  writeFileSync(join(SAMPLES, 'expected', 'broken', `${file}.json`), `${JSON.stringify(expected, null, 2)}\n`);
}
