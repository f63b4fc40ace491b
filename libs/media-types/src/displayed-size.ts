import type { ProbeStream } from './probe-summary';

/** A picture's size in pixels. */
export interface PictureSize {
  width: number;
  height: number;
}

/**
 * A video stream's size as it is shown: ffmpeg applies the display matrix (`rotationDeg`) when it
 * decodes, so a phone's portrait clip stored 1920×1080 with a quarter turn decodes as 1080×1920.
 * Every size decision made before decoding (ladder rungs, a render's output frame, a bumper's
 * fit) must use this one, or the picture is squashed into the stored shape. Undefined when the
 * stream has no size. Pure.
 *
 * @example
 * displayedSize({ width: 1920, height: 1080, rotationDeg: 90 }); // → { width: 1080, height: 1920 }
 * displayedSize({ width: 1920, height: 1080, rotationDeg: 180 }); // → { width: 1920, height: 1080 }
 */
export function displayedSize(
  stream: Pick<ProbeStream, 'width' | 'height' | 'rotationDeg'>,
): PictureSize | undefined {
  const { width, height, rotationDeg } = stream;
  if (width === undefined || height === undefined) return undefined;
  const quarterTurn = rotationDeg === 90 || rotationDeg === 270;
  return quarterTurn ? { width: height, height: width } : { width, height };
}
