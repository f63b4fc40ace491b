import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './line-splitter';

describe('Function: createLineSplitter', () => {
  it('emits whole lines across chunks and the unfinished one at the end', () => {
    // Prepare
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line));

    // Act
    splitter.push('out_time_us=1\r\nprogress=con');
    splitter.push('tinue\nlast');
    splitter.end();

    // Assess
    expect(lines).toEqual(['out_time_us=1', 'progress=continue', 'last']);
  });

  it('keeps only the end of an overlong unfinished line', () => {
    // Prepare
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line), { maxLineChars: 4 });

    // Act
    splitter.push('abcdefgh');
    splitter.push('ij\n');

    // Assess
    expect(lines).toEqual(['ghij']);
  });
});
