import type { StoryboardTile } from '@reel/stream-manifests';

/** Where one thumbnail sits in the sprite sheet, and the span of the video it stands for (the storyboard's tile). */
export type SpriteTile = StoryboardTile;

/**
 * The tiles of a sprite sheet laid out by ffmpeg's `tile` filter (row by row, no margin or
 * padding): tile `i` shows the frame at `i × intervalSec` and stands until the next one (the last
 * until `durationSec`). The geometry a storyboard WebVTT cue's `#xywh=` takes. Pure.
 *
 * @example
 * spriteTiles({ count: 3, intervalSec: 10, durationSec: 25, columns: 2, tileWidth: 160, tileHeight: 90 });
 * // → [{ startSec: 0, endSec: 10, x: 0, y: 0, width: 160, height: 90 },
 * //    { startSec: 10, endSec: 20, x: 160, y: 0, … }, { startSec: 20, endSec: 25, x: 0, y: 90, … }]
 */
export function spriteTiles({
  count,
  intervalSec,
  durationSec,
  columns,
  tileWidth,
  tileHeight,
}: {
  count: number;
  intervalSec: number;
  durationSec: number;
  columns: number;
  tileWidth: number;
  tileHeight: number;
}): SpriteTile[] {
  return Array.from({ length: count }, (_, index) => {
    const startSec = index * intervalSec;
    const nextSec = (index + 1) * intervalSec;
    return {
      startSec,
      endSec: index === count - 1 ? Math.max(startSec, Math.min(nextSec, durationSec)) : nextSec,
      x: (index % columns) * tileWidth,
      y: Math.floor(index / columns) * tileHeight,
      width: tileWidth,
      height: tileHeight,
    };
  });
}
