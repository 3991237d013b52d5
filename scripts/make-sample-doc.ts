/**
 * Writes the Word 97–2003 (.doc) samples: HTML samples converted by LibreOffice (their expected
 * values are the HTML sample's, since the numbers are the same), and two that cannot be read in
 * samples/broken/: the first 40% of one (a cut-off download) and one saved with a password.
 * Needs LibreOffice and its Python bridge: `scripts/make-sample-doc.sh` installs them and runs this.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { convertHtmlSamples, SAMPLES, writeBrokenExpected } from './office-samples.ts';

convertHtmlSamples(
  [
    // the same tables as the DOCX samples, so the two readers can be compared
    'html/v2021-city-gov-utf8.html',
    'html/v2019-2020-blank-totals.html',
    // a saved web page: the report's tables nested in a layout table, labels split over paragraphs
    'html/v2021-gbk-split-headers.html',
  ],
  { folder: 'doc', extension: '.doc', filter: 'doc:MS Word 97', name: 'Word 97–2003 (.doc)' },
);

const source = join(SAMPLES, 'doc', 'v2021-city-gov-utf8.doc');
const bytes = readFileSync(source);
writeFileSync(join(SAMPLES, 'broken', 'truncated.doc'), bytes.subarray(0, Math.floor(bytes.length * 0.4)));
writeBrokenExpected('truncated.doc', 'E_DOC_INVALID');

const home = mkdtempSync(join(tmpdir(), 'gongkai-doc-encrypt-'));
try {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'encrypt-doc.py');
  execFileSync('/usr/bin/python3', [script, source, join(SAMPLES, 'broken', 'encrypted.doc'), 'gongkai-user'], { stdio: 'ignore', env: { ...process.env, HOME: home } });
} finally {
  rmSync(home, { recursive: true, force: true });
}
writeBrokenExpected('encrypted.doc', 'E_DOC_ENCRYPTED');
console.log('wrote samples/doc/, samples/expected/doc/ and samples/broken/{truncated,encrypted}.doc');
