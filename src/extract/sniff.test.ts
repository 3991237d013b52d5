import { describe, expect, it } from 'vitest';
import { sniffFormat } from './sniff.ts';

describe('sniffFormat', () => {
  it('recognises formats by content', () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    expect(sniffFormat(encode('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(encode('<!DOCTYPE html><html>'))).toBe('html');
    expect(sniffFormat(encode('| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n'))).toBe('markdown');
    expect(sniffFormat(encode('一、总体情况\n'))).toBe('text');
    expect(sniffFormat(new Uint8Array())).toBe('empty');
    expect(sniffFormat(new Uint8Array([0, 1, 2, 3, 200, 17, 5]))).toBe('binary');
  });

  it('takes any OLE compound file for the .doc reader, which tells Word from the other Office binaries', () => {
    const compound = new Uint8Array(1024);
    compound.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(sniffFormat(compound, 'report.wps')).toBe('doc');
    expect(sniffFormat(compound.subarray(0, 7))).toBe('binary');
  });
});
