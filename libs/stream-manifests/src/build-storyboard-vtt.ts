import { InvalidRequestError } from '@reel/error-taxonomy';
import { formatVttTimestamp } from './format-vtt-timestamp';

export interface StoryboardTile {
  startSec: number;
  endSec: number;
  /** The tile's top-left corner and size inside the sprite, in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface StoryboardInput {
  /** The sprite sheet, relative to the storyboard file (e.g. `sprite.jpg`). */
  spriteUri: string;
  tiles: readonly StoryboardTile[];
}

/**
 * Writes a storyboard WebVTT: one cue per tile whose payload is the sprite URI with a media
 * fragment (`sprite.jpg#xywh=x,y,w,h`), the form scrub-bar previews (video.js, JW Player,
 * Shaka, Vidstack) read.
 *
 * @example
 * buildStoryboardVtt({ spriteUri: 'sprite.jpg', tiles: [
 *   { startSec: 0, endSec: 10, x: 0, y: 0, width: 160, height: 90 },
 * ] });
 * // WEBVTT\n\n00:00:00.000 --> 00:00:10.000\nsprite.jpg#xywh=0,0,160,90\n
 */
export function buildStoryboardVtt({ spriteUri, tiles }: StoryboardInput): string {
  if (spriteUri === '' || /[\r\n]|-->/.test(spriteUri)) {
    throw new InvalidRequestError('A storyboard sprite URI must be one line without "-->"', {
      details: { spriteUri },
    });
  }
  const cues = tiles.map((tile, index) => {
    checkTile(tile, index);
    const { startSec, endSec, x, y, width, height } = tile;
    return [
      `${formatVttTimestamp(startSec)} --> ${formatVttTimestamp(endSec)}`,
      `${spriteUri}#xywh=${x},${y},${width},${height}`,
    ].join('\n');
  });
  return ['WEBVTT', ...cues].join('\n\n') + '\n';
}

function checkTile({ startSec, endSec, x, y, width, height }: StoryboardTile, index: number): void {
  const pixels = [x, y, width, height];
  const timesValid = Number.isFinite(startSec) && startSec >= 0 && endSec > startSec;
  const pixelsValid =
    pixels.every((value) => Number.isSafeInteger(value) && value >= 0) && width > 0 && height > 0;
  if (!timesValid || !pixelsValid) {
    throw new InvalidRequestError(
      'A storyboard tile needs 0 ≤ startSec < endSec and whole non-negative pixels',
      { details: { index, startSec, endSec, x, y, width, height } },
    );
  }
}
