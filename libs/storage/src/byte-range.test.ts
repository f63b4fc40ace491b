import { describe, expect, it } from 'vitest';
import { parseByteRange } from './byte-range';

describe('Function: parseByteRange', () => {
  it.each([
    ['bytes=0-99', { start: 0, end: 99 }],
    ['bytes=100-', { start: 100, end: 999 }],
    ['bytes=-100', { start: 900, end: 999 }],
    ['bytes=-5000', { start: 0, end: 999 }],
    ['bytes=990-5000', { start: 990, end: 999 }],
    ['BYTES=1-1', { start: 1, end: 1 }],
  ])('reads %s of a 1000-byte object', (header, range) => {
    // Act & Assess
    expect(parseByteRange(header, 1000)).toEqual(range);
  });

  it.each(['bytes=1000-', 'bytes=5000-6000', 'bytes=-0'])(
    'calls %s of a 1000-byte object unsatisfiable',
    (header) => {
      // Act & Assess
      expect(parseByteRange(header, 1000)).toBe('unsatisfiable');
    },
  );

  it('calls any range of an empty object unsatisfiable', () => {
    // Act & Assess
    expect(parseByteRange('bytes=0-', 0)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=-1', 0)).toBe('unsatisfiable');
  });

  it.each([undefined, '', 'bytes=5-1', 'bytes=0-1,5-9', 'items=0-1', 'bytes=-', 'bytes=a-b'])(
    'ignores %j and serves the whole object',
    (header) => {
      // Act & Assess
      expect(parseByteRange(header, 1000)).toBeUndefined();
    },
  );
});
