/**
 * Writes the DOCX samples: HTML samples converted to Word by LibreOffice (their expected values
 * are the HTML sample's, since the numbers are the same), and a ZIP bomb whose document part
 * inflates to 64 MB. Needs LibreOffice (`scripts/make-sample-pdfs.sh` installs it).
 *
 *   node scripts/make-sample-docx.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { convertHtmlSamples, SAMPLES, writeBrokenExpected } from './office-samples.ts';

convertHtmlSamples(['html/v2021-city-gov-utf8.html', 'html/v2019-2020-blank-totals.html'], {
  folder: 'docx',
  extension: '.docx',
  filter: 'docx:MS Word 2007 XML',
  name: 'DOCX',
});

// A ZIP bomb: a tiny archive whose word/document.xml inflates to 64 MB of spaces.
const bomb = zipSync({ '[Content_Types].xml': new TextEncoder().encode('<Types/>'), 'word/document.xml': new Uint8Array(64 * 1024 * 1024).fill(0x20) }, { level: 9 });
writeFileSync(join(SAMPLES, 'broken', 'zip-bomb.docx'), bomb);
writeBrokenExpected('zip-bomb.docx', 'E_BUDGET');
