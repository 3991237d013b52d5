import { describe, expect, it } from 'vitest';
import type { Block } from '../model.ts';
import { editDistance, labelDistance, snapLabel, snapOcrLabels } from './label-snap.ts';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions, and stops past its limit', () => {
    expect(editDistance('子以公开', '予以公开')).toBe(1);
    expect(editDistance('科研构', '科研机构')).toBe(1);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('行政处罚', '信访举报投诉类申请', 2)).toBe(3);
  });
});

describe('snapLabel', () => {
  it('snaps a label one misread character away from a template label', () => {
    expect(snapLabel('子以公开')).toBe('予以公开');
    expect(snapLabel('行政处昼')).toBe('行政处罚');
    expect(snapLabel('言息内容')).toBe('信息内容');
    expect(snapLabel('尚未审生结')).toBe('尚未审结');
  });

  it('keeps the ordinal and drops punctuation OCR put before the label', () => {
    expect(snapLabel('(四)法提供')).toBe('(四)无法提供');
    expect(snapLabel('”> 重复申请')).toBe('重复申请');
    expect(snapLabel('3. 危及三文全一稳定”')).toBe('3.危及"三安全一稳定"');
  });

  it('leaves exact labels, short labels, far-off text and numbers alone', () => {
    expect(snapLabel('予以公开')).toBeNull();
    expect(snapLabel('(一) 予以公开')).toBeNull();
    expect(snapLabel('其化')).toBeNull();
    expect(snapLabel('总证')).toBeNull();
    expect(snapLabel('本机关不掌握')).toBeNull();
    expect(snapLabel('2022年共收到申请')).toBeNull();
    expect(snapLabel('35')).toBeNull();
  });

  it('snaps nothing that is as close to two template labels', () => {
    // 行政许制: one edit from 行政许可 and from 行政强制
    expect(snapLabel('行政许制')).toBeNull();
  });
});

describe('snapOcrLabels', () => {
  it('snaps labels on OCR pages only, keeps prose, and reports the raw text', () => {
    const blocks: Block[] = [
      { kind: 'row', cells: ['行政处昼', '173'], page: 2, table: 0 },
      { kind: 'row', cells: ['行政处昼', '173'], page: 1, table: 0 },
      { kind: 'text', cells: ['言息内容 本年处理决定数量'], page: 2 },
      { kind: 'text', cells: ['其中子以公开 1 件，部分公开 0 件'], page: 2 },
    ];
    const fixes = snapOcrLabels(blocks, [2]);
    expect(blocks.map((b) => b.cells)).toEqual([['行政处罚', '173'], ['行政处昼', '173'], ['信息内容 本年处理决定数量'], ['其中子以公开 1 件，部分公开 0 件']]);
    expect(fixes).toEqual([
      { page: 2, raw: '行政处昼', text: '行政处罚' },
      { page: 2, raw: '言息内容', text: '信息内容' },
    ]);
  });
});

describe('labelDistance', () => {
  it('is 0 for a template label as printed, small for a near miss, larger for Latin-letter garbage', () => {
    expect(labelDistance('(一) 予以公开')).toBe(0);
    expect(labelDistance('(一) 子以公开')).toBe(0.25);
    expect(labelDistance('三、本HDS理结果')).toBeGreaterThan(labelDistance('三、本年度办理结果'));
    expect(labelDistance('1703')).toBe(Infinity);
  });
});
