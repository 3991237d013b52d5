import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';

/**
 * Finds SQL text built from values in our sources. Parses every file (oxc, the parser vite and
 * vitest already ship as `rolldown/parseAst`) and reports:
 * - calls of `.query(`, `.unsafe(`, `.execute(` and `sql.raw(` whose SQL argument is not a
 *   literal (a string, a template, or a tagged template);
 * - every `${…}` inside an untagged template literal whose text is SQL, wherever it is built.
 *   Tagged templates (drizzle's sql`…`, postgres.js's sql`…` / tx`…`) send every interpolated
 *   value as a bind parameter, so they are not findings (String.raw is treated as untagged);
 * - `+` concatenations onto a string literal whose text is SQL.
 * Each finding is `file`, the line, and the source text of the non-constant part, so reviewed
 * exceptions can be allow-listed by (file, text) with a reason.
 */
export interface SqlFinding {
  file: string;
  line: number;
  kind: 'non-literal SQL argument' | 'interpolation in SQL text' | 'concatenation onto SQL text';
  /** source text of the argument or interpolated expression */
  text: string;
}

const SQL_START =
  /^\s*(?:select\b|insert\s+into\b|update\s+[\w".]+\s+set\b|delete\s+from\b|with\s+(?:recursive\s+)?[\w"]+\s+as\b|create\s|drop\s|alter\s|grant\s|revoke\s|copy\s|declare\s|fetch\s+(?:forward|backward|next|prior|all|\d)|move\s+(?:forward|backward)|analyze\b|lock\s+table|truncate\s|comment\s+on\b|do\s+\$|set\s+(?:transaction|local|session|role|search_path)\b|refresh\s+materialized\b|vacuum\b|reindex\b)/i;
const CALLS = new Set(['query', 'unsafe', 'execute']);

export function looksLikeSql(text: string): boolean {
  return SQL_START.test(text);
}

type Node = { type: string; start: number; end: number; [key: string]: unknown };

function isNode(value: unknown): value is Node {
  return !!value && typeof value === 'object' && typeof (value as Node).type === 'string';
}

function* walk(node: unknown): Generator<Node> {
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  if (!isNode(node)) return;
  yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    if (value && typeof value === 'object') yield* walk(value);
  }
}

/** A tag that builds a parameterised query: anything but String.raw. */
function isQueryTag(node: Node): boolean {
  const tag = node.tag as Node;
  const object = tag.object as Node | undefined;
  return !(tag.type === 'MemberExpression' && object?.type === 'Identifier' && object.name === 'String' && (tag.property as Node).name === 'raw');
}

function literalText(node: Node): string | null {
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral') return (node.quasis as Node[]).map((quasi) => (quasi.value as { cooked?: string; raw: string }).cooked ?? (quasi.value as { raw: string }).raw).join('${}');
  return null;
}

export function scanSource(file: string, source: string): SqlFinding[] {
  const ast = parseAst(source, { lang: file.endsWith('x') ? 'tsx' : 'ts' }, file);
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length;
  const textOf = (node: Node) => source.slice(node.start, node.end);
  const findings: SqlFinding[] = [];
  const add = (kind: SqlFinding['kind'], node: Node) => findings.push({ file, line: lineOf(node.start), kind, text: textOf(node).replace(/\s+/g, ' ') });

  const taggedQuasis = new Set<unknown>();
  for (const node of walk(ast)) if (node.type === 'TaggedTemplateExpression' && isQueryTag(node)) taggedQuasis.add(node.quasi);

  for (const node of walk(ast)) {
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node;
      if (callee.type !== 'MemberExpression' || callee.computed) continue;
      const name = (callee.property as Node).name as string;
      const object = callee.object as Node;
      const isRaw = name === 'raw' && object.type === 'Identifier' && object.name === 'sql';
      if (!CALLS.has(name) && !isRaw) continue;
      const first = (node.arguments as Node[])[0];
      if (!first) continue;
      if (first.type === 'TaggedTemplateExpression' && isQueryTag(first)) continue;
      if (first.type === 'Literal' && typeof first.value === 'string') continue;
      if (first.type === 'TemplateLiteral') continue; // its interpolations are checked below
      add('non-literal SQL argument', first);
    } else if (node.type === 'TemplateLiteral' && !taggedQuasis.has(node)) {
      const text = literalText(node)!;
      if (!looksLikeSql(text)) continue;
      for (const expression of node.expressions as Node[]) add('interpolation in SQL text', expression);
    } else if (node.type === 'BinaryExpression' && node.operator === '+') {
      for (const side of [node.left as Node, node.right as Node]) {
        const text = literalText(side);
        if (text !== null && looksLikeSql(text)) {
          add('concatenation onto SQL text', node);
          break;
        }
      }
    }
  }
  return findings;
}

export async function scanTree(root: string, options: { exclude?: RegExp } = {}): Promise<SqlFinding[]> {
  const files = (await readdir(root, { recursive: true }))
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !/\.d\.ts$/.test(file))
    .filter((file) => !options.exclude?.test(file))
    .sort();
  const findings: SqlFinding[] = [];
  for (const file of files) {
    const source = await readFile(path.join(root, file), 'utf8');
    findings.push(...scanSource(path.join(path.basename(root), file).split(path.sep).join('/'), source));
  }
  return findings;
}
