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
});
