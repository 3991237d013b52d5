/**
 * Property modifiers (MS-DOC 2.6 Sprm): a property list is a run of (16-bit sprm, operand). The
 * operand's size is in the sprm's top three bits (spra), except for the variable-size ones whose
 * size comes first; two of those size themselves differently.
 */
export const SPRM = {
  /** paragraph is in a table (depth 1) */
  PFInTable: 0x2416,
  /** paragraph is the end-of-row mark of a depth-1 table (table terminating paragraph) */
  PFTtp: 0x2417,
  /** table depth of the paragraph */
  PItap: 0x6649,
  /** paragraph mark ends a cell of a nested table */
  PFInnerTableCell: 0x244b,
  /** paragraph mark ends a row of a nested table */
  PFInnerTtp: 0x244c,
  /** properties too big for their page, kept in the Data stream */
  PHugePapx: 0x6646,
  /** a row's cells: widths and per-cell flags (merges) */
  TDefTable: 0xd608,
  /** one cell's vertical-merge flag */
  TVertMerge: 0xd62b,
  /** tab stops, whose operand has a size of its own kind */
  PChgTabs: 0xc615,
  /** character deleted with change tracking on */
  CFRMarkDel: 0x0800,
} as const;

const FIXED_SIZE = [1, 1, 2, 4, 2, 2, 0, 3];

/** Bytes of the operand at `at` and where its payload starts, or null when it cannot be sized. */
function operandSize(sprm: number, bytes: Uint8Array, at: number): { payload: number; size: number } | null {
  const spra = sprm >> 13;
  if (spra !== 6) return { payload: at, size: FIXED_SIZE[spra]! };
  if (sprm === SPRM.TDefTable) {
    // A 16-bit count of the bytes that follow it, plus one.
    if (at + 2 > bytes.length) return null;
    const cb = bytes[at]! | (bytes[at + 1]! << 8);
    return { payload: at + 2, size: cb + 1 };
  }
  const cb = bytes[at];
  if (cb === undefined) return null;
  if (sprm === SPRM.PChgTabs && cb === 255) {
    // Tabs to delete (4 bytes each) and to add (3 bytes each), each list after its count.
    const deleted = bytes[at + 1] ?? 0;
    const added = bytes[at + 2 + deleted * 4] ?? 0;
    return { payload: at + 1, size: 1 + 1 + deleted * 4 + 1 + added * 3 };
  }
  return { payload: at + 1, size: cb + 1 };
}

/** Calls `visit` with each sprm and its operand (without its size prefix); stops at a malformed one. */
export function forEachSprm(grpprl: Uint8Array, visit: (sprm: number, operand: Uint8Array) => void): void {
  let pos = 0;
  while (pos + 2 <= grpprl.length) {
    const sprm = grpprl[pos]! | (grpprl[pos + 1]! << 8);
    const operand = operandSize(sprm, grpprl, pos + 2);
    if (!operand || pos + 2 + operand.size > grpprl.length) return;
    visit(sprm, grpprl.subarray(operand.payload, pos + 2 + operand.size));
    pos += 2 + operand.size;
  }
}
