import type { TimelinePiece } from './render-timeline';

/**
 * One video chain that keeps the pieces' frames by number (`select` on the `fps`-normalised
 * stream, `between(n,first,last)` per piece) and re-times them back to back: no split, no
 * per-piece branch, so its cost does not grow with the number of cuts. The terms are nested as a
 * balanced tree of `max()`: ffmpeg's expression parser fails on a flat sum of a hundred-odd
 * terms. The end is padded (last frame repeated) or capped to exactly the kept frame count, so a
 * source whose picture ends early still gives a picture as long as the sound. Pure.
 *
 * @example
 * selectKeptFrames({ pieces, videoIn: '0:v:0', rate: '25/1', videoOut: 'cut_v' });
 * // → "[0:v:0]fps=25/1,select='max(between(n,0,52),between(n,127,207))',setpts=N/FRAME_RATE/TB,…[cut_v]"
 */
export function selectKeptFrames({
  pieces,
  videoIn,
  rate,
  videoOut,
}: {
  pieces: readonly Pick<TimelinePiece, 'sourceStartFrame' | 'sourceEndFrame'>[];
  videoIn: string;
  rate: string;
  videoOut: string;
}): string {
  let terms = pieces.map(
    ({ sourceStartFrame, sourceEndFrame }) =>
      `between(n,${sourceStartFrame},${sourceEndFrame - 1})`,
  );
  while (terms.length > 1) {
    const paired: string[] = [];
    for (let index = 0; index < terms.length; index += 2) {
      const [left, right] = [terms[index], terms[index + 1]];
      paired.push(right === undefined ? (left ?? '') : `max(${left},${right})`);
    }
    terms = paired;
  }
  const keptFrames = pieces.reduce(
    (sum, piece) => sum + piece.sourceEndFrame - piece.sourceStartFrame,
    0,
  );
  return [
    `[${videoIn}]fps=${rate}`,
    `select='${terms[0] ?? '0'}'`,
    'setpts=N/FRAME_RATE/TB',
    'tpad=stop_mode=clone:stop=-1',
    `trim=end_frame=${keptFrames}[${videoOut}]`,
  ].join(',');
}
