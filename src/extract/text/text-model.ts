import type { Block, DocumentModel } from '../model.ts';

/**
 * Plain text and Markdown → document model. Pipe-table lines and tab-separated lines become
 * rows (their cell boundaries are real); everything else is running text, where numbers may be
 * glued (the mapper resolves those). A site crawler's metadata header (标题: …, then a
 * `==== 正文 ====` line) gives the title and is kept out of the body.
 */
const SEPARATOR = /^=+\s*正文\s*=+$/;
const HEADER_FIELD = /^(标题|发布时间|文号|发布机构|栏目|原文链接|本地目录|来源|title)\s*[:：]\s*(.*)$/i;
const PIPE_ROW = /^\s*\|(.*)\|\s*$/;
// `\s*(?:\|\s*)?` rather than `\s*\|?\s*`: two adjacent `\s*` made a long run of spaces backtrack
// quadratically (a 100 000-space line took 11 s; found by fuzzing). Same language as before.
const PIPE_RULE = /^\s*(?:\|\s*)?:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*(?:\|\s*)?$/;

function splitHeader(lines: string[]): { title: string | null; body: string[] } {
  const separator = lines.findIndex((line) => SEPARATOR.test(line.trim()));
  if (separator < 0 || separator > 30) return { title: null, body: lines };
  let title: string | null = null;
  for (const line of lines.slice(0, separator)) {
    const field = HEADER_FIELD.exec(line.trim());
    if (field && /标题|title/i.test(field[1]!)) title = field[2]!.trim() || null;
  }
  return { title, body: lines.slice(separator + 1) };
}

export function textToModel(text: string, format: 'text' | 'markdown'): DocumentModel {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const { title, body } = splitHeader(lines);
  const blocks: Block[] = [];
  let table = -1;
  let inTable = false;
  for (const line of body) {
    const pipe = PIPE_ROW.exec(line);
    if (pipe && !PIPE_RULE.test(line)) {
      if (!inTable) table++;
      inTable = true;
      blocks.push({ kind: 'row', cells: pipe[1]!.split('|').map((cell) => cell.trim()), page: null, table });
      continue;
    }
    if (PIPE_RULE.test(line) && line.includes('-')) continue;
    if (line.includes('\t')) {
      if (!inTable) table++;
      inTable = true;
      blocks.push({ kind: 'row', cells: line.split('\t').map((cell) => cell.trim()), page: null, table });
      continue;
    }
    inTable = false;
    const trimmed = line.trim();
    if (trimmed) blocks.push({ kind: 'text', cells: [trimmed], page: null });
  }
  return { format, title, blocks };
}
