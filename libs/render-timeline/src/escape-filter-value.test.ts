import { describe, expect, it } from 'vitest';
import { escapeFilterValue } from './escape-filter-value';

describe('Function: escapeFilterValue', () => {
  it('leaves a plain path as it is', () => {
    expect(escapeFilterValue('/tmp/reel-scratch/render.srt')).toBe('/tmp/reel-scratch/render.srt');
  });

  it('escapes : for the option parser, then that and the graph separators for the graph', () => {
    expect(escapeFilterValue('a:b')).toBe('a\\\\:b');
    expect(escapeFilterValue("it's")).toBe("it\\\\\\'s");
    expect(escapeFilterValue('a\\b')).toBe('a\\\\\\\\b');
    expect(escapeFilterValue('x,y;z[0]')).toBe('x\\,y\\;z\\[0\\]');
  });

  it('refuses a NUL byte', () => {
    expect(() => escapeFilterValue('a\0b')).toThrow(TypeError);
  });
});
