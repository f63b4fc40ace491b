import { describe, expect, it } from 'vitest';
import { selectKeptFrames } from './select-kept-frames';

describe('Function: selectKeptFrames', () => {
  it('nests the spans as a balanced tree of max()', () => {
    const pieces = [0, 10, 20, 30, 40].map((start) => ({
      sourceStartFrame: start,
      sourceEndFrame: start + 5,
    }));
    const chain = selectKeptFrames({ pieces, videoIn: '0:v:0', rate: '25/1', videoOut: 'v' });
    expect(chain).toContain(
      "select='max(max(max(between(n,0,4),between(n,10,14)),max(between(n,20,24),between(n,30,34))),between(n,40,44))'",
    );
    expect(chain).toMatch(/trim=end_frame=25\[v\]$/);
  });

  it('stays shallow for hundreds of spans', () => {
    const pieces = Array.from({ length: 500 }, (_, index) => ({
      sourceStartFrame: index * 10,
      sourceEndFrame: index * 10 + 5,
    }));
    const chain = selectKeptFrames({ pieces, videoIn: '0:v:0', rate: '25/1', videoOut: 'v' });
    const depth = [...chain].reduce(
      (state, char) => {
        const level = state.level + (char === '(' ? 1 : char === ')' ? -1 : 0);
        return { level, deepest: Math.max(state.deepest, level) };
      },
      { level: 0, deepest: 0 },
    );
    expect(depth.deepest).toBeLessThanOrEqual(11);
  });
});
