import { describe, expect, it } from 'vitest';
import { paragraphProps } from './paragraph-props.ts';
import { SPRM } from './sprm.ts';

const le16 = (value: number) => [value & 0xff, value >> 8];
const le32 = (value: number) => [...le16(value & 0xffff), ...le16(value >>> 16)];
const sprm = (id: number, ...operand: number[]) => [...le16(id), ...operand];
/** TC80 whose first word holds horzMerge (bits 0–1) and vertMerge (bits 5–6); the rest is widths and borders. */
const tc80 = (horizontal: number, vertical: number) => [...le16(horizontal | (vertical << 5)), ...new Array<number>(18).fill(0)];
/** sprmTDefTable: its 16-bit size counts the bytes after it plus one. */
function defTable(cells: number[][]): number[] {
  const body = [cells.length, ...new Array<number>((cells.length + 1) * 2).fill(0), ...cells.flat()];
  return sprm(SPRM.TDefTable, ...le16(body.length + 1), ...body);
}
const props = (...sprms: number[][]) => paragraphProps(Uint8Array.from(sprms.flat()), undefined);

describe('paragraphProps', () => {
  it('reads a depth-1 row mark and which of its cells continue a vertical or horizontal merge', () => {
    const row = props(sprm(SPRM.PFInTable, 1), sprm(SPRM.PFTtp, 1), defTable([tc80(0, 1), tc80(0, 3), tc80(1, 0), tc80(2, 0)]));
    expect(row).toEqual({ depth: 1, rowEnd: true, innerCellEnd: false, mergedAway: [true, false, false, true] });
  });

  it('lets sprmTVertMerge change one cell after the row definition', () => {
    expect(props(defTable([tc80(0, 0), tc80(0, 0)]), sprm(SPRM.TVertMerge, 2, 1, 1)).mergedAway).toEqual([false, true]);
  });

  it('reads nested-table marks by depth', () => {
    expect(props(sprm(SPRM.PItap, ...le32(2)), sprm(SPRM.PFInnerTableCell, 1))).toMatchObject({ depth: 2, innerCellEnd: true, rowEnd: false });
    expect(props(sprm(SPRM.PItap, ...le32(2)), sprm(SPRM.PFInnerTtp, 1))).toMatchObject({ depth: 2, rowEnd: true });
  });

  it('follows sprmPHugePapx into the Data stream, where wide rows keep their properties', () => {
    const huge = [...sprm(SPRM.PFInTable, 1), ...sprm(SPRM.PFTtp, 1), ...defTable([tc80(0, 1), tc80(0, 0)])];
    const data = Uint8Array.from([0xee, 0xee, ...le16(huge.length), ...huge]);
    const row = paragraphProps(Uint8Array.from(sprm(SPRM.PHugePapx, ...le32(2))), data);
    expect(row).toEqual({ depth: 1, rowEnd: true, innerCellEnd: false, mergedAway: [true, false] });
  });

  it('stops at a property list cut short instead of reading past it', () => {
    expect(props(sprm(SPRM.PFInTable, 1), [0x08, 0xd6, 0xff])).toMatchObject({ depth: 1, rowEnd: false });
  });
});
