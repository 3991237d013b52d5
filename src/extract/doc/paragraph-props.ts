import { slice, view } from './binary.ts';
import { forEachSprm, SPRM } from './sprm.ts';

/**
 * What a paragraph's properties say about table structure (MS-DOC 2.4.3 "Overview of Tables"):
 * how deep in tables the paragraph is, whether its mark ends a cell or a row, and, on a row's
 * end mark, which of the row's cells continue a merge.
 */
export interface ParagraphProps {
  /** table nesting depth: 0 outside tables, 1 in a table, 2 in a table inside a cell… */
  depth: number;
  /** the mark ends a row: the row mark of a depth-1 table, or the inner row mark of a nested one */
  rowEnd: boolean;
  /** the (paragraph) mark ends a cell of a nested table; depth-1 cells end with U+0007 instead */
  innerCellEnd: boolean;
  /**
   * Row marks only, per cell: the cell continues a vertical merge (or an old-style horizontal
   * one), so Word hides its text and shows the merge's first cell across it.
   */
  mergedAway: boolean[];
}

/** VerticalMergeFlag 1: one of a set of vertically merged cells, not the first (MS-DOC 2.9.334). */
const VERTICAL_CONTINUATION = 1;
/** TC80.horzMerge 2 or 3: one of a set of horizontally merged cells, not the first. */
const HORIZONTAL_CONTINUATION = 2;
const TC80_SIZE = 20;

export function paragraphProps(grpprl: Uint8Array, data: Uint8Array | undefined): ParagraphProps {
  let inTable = false;
  let ttp = false;
  let itap: number | undefined;
  let innerCellEnd = false;
  let innerTtp = false;
  const vertical: boolean[] = [];
  const horizontal: boolean[] = [];

  const visit = (sprm: number, operand: Uint8Array, nested: boolean) => {
    switch (sprm) {
      case SPRM.PFInTable:
        inTable = operand[0] !== 0;
        break;
      case SPRM.PFTtp:
        ttp = operand[0] !== 0;
        break;
      case SPRM.PItap:
        itap = view(operand).getInt32(0, true);
        break;
      case SPRM.PFInnerTableCell:
        innerCellEnd = operand[0] !== 0;
        break;
      case SPRM.PFInnerTtp:
        innerTtp = operand[0] !== 0;
        break;
      case SPRM.PHugePapx: {
        // The real list is in the Data stream, after its 16-bit size (MS-DOC 2.9.208 PrcData).
        if (nested || !data) break;
        const at = view(operand).getUint32(0, true);
        const huge = slice(data, at + 2, view(slice(data, at, 2, 'a huge property list')).getUint16(0, true), 'a huge property list');
        forEachSprm(huge, (inner, innerOperand) => visit(inner, innerOperand, true));
        break;
      }
      case SPRM.TDefTable: {
        // itcMac, itcMac + 1 cell boundaries (16-bit), then up to itcMac TC80s whose first word holds the merge bits.
        const cells = operand[0] ?? 0;
        const first = 1 + (cells + 1) * 2;
        const described = Math.min(cells, Math.floor((operand.length - first) / TC80_SIZE));
        for (let i = 0; i < described; i++) {
          const flags = view(operand).getUint16(first + i * TC80_SIZE, true);
          horizontal[i] = (flags & 0x3) >= HORIZONTAL_CONTINUATION;
          vertical[i] = ((flags >> 5) & 0x3) === VERTICAL_CONTINUATION;
        }
        break;
      }
      case SPRM.TVertMerge:
        if (operand.length >= 2) vertical[operand[0]!] = operand[1] === VERTICAL_CONTINUATION;
        break;
    }
  };
  forEachSprm(grpprl, (sprm, operand) => visit(sprm, operand, false));

  const depth = Math.max(0, itap ?? (inTable ? 1 : 0));
  const cells = Math.max(vertical.length, horizontal.length);
  return {
    depth,
    rowEnd: depth <= 1 ? ttp : innerTtp,
    innerCellEnd,
    mergedAway: Array.from({ length: cells }, (_, i) => Boolean(vertical[i] || horizontal[i])),
  };
}
