/** The SQL blocks of docs/warehouse.md: ```sql (queries) and ```sql-admin (owner statements), each named by a `-- name:` line. */
export interface DocBlock {
  name: string;
  kind: 'sql' | 'sql-admin';
  sql: string;
}

export function docBlocks(markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  for (const match of markdown.matchAll(/^[ \t]*```(sql|sql-admin)[ \t]*\n([\s\S]*?)^[ \t]*```/gm)) {
    const sql = match[2]!;
    const name = /--\s*name:\s*(\S+)/.exec(sql)?.[1];
    if (!name) throw new Error(`a ${match[1]} block of docs/warehouse.md has no "-- name:" line:\n${sql}`);
    blocks.push({ name, kind: match[1] as DocBlock['kind'], sql });
  }
  return blocks;
}
