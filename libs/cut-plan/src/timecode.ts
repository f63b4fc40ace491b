import { InvalidRequestError } from '@reel/error-taxonomy';
import type { FrameRate } from './frame-rate';

const TIMECODE = /^(\d{2}):(\d{2}):(\d{2})([:;])(\d{2})$/;

/**
 * Frames per timecode second: the rate rounded (30 for 29.97). Non-drop-frame timecode counts
 * every frame, so at NTSC rates it runs 0.1 % slower than the clock and frame numbers stay exact.
 */
export function timecodeBase({ numerator, denominator }: FrameRate): number {
  return Math.round(numerator / denominator);
}

/**
 * A frame number as non-drop-frame SMPTE timecode `HH:MM:SS:FF`.
 *
 * @example
 * framesToTimecode(1801, { numerator: 30000, denominator: 1001 }); // → '00:01:00:01'
 */
export function framesToTimecode(frames: number, frameRate: FrameRate): string {
  const base = timecodeBase(frameRate);
  if (!Number.isInteger(frames) || frames < 0 || frames >= 100 * 3600 * base) {
    throw new TypeError(`frames must be an integer from 0 to under 100 hours, got ${frames}`);
  }
  const pad = (value: number) => String(value).padStart(2, '0');
  const hours = Math.floor(frames / (3600 * base));
  const minutes = Math.floor(frames / (60 * base)) % 60;
  const seconds = Math.floor(frames / base) % 60;
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}:${pad(frames % base)}`;
}

/**
 * The frame number of a non-drop-frame timecode. Drop-frame (`;`) and out-of-range fields are
 * refused with InvalidRequestError.
 *
 * @example
 * timecodeToFrames('00:00:01:05', { numerator: 25, denominator: 1 }); // → 30
 */
export function timecodeToFrames(timecode: string, frameRate: FrameRate): number {
  const base = timecodeBase(frameRate);
  const match = TIMECODE.exec(timecode);
  const [hours, minutes, seconds, frames] = [match?.[1], match?.[2], match?.[3], match?.[5]].map(
    Number,
  );
  if (!match || match[4] === ';' || [hours, minutes, seconds, frames].some(Number.isNaN)) {
    throw new InvalidRequestError(`"${timecode}" is not a non-drop-frame timecode HH:MM:SS:FF`, {
      details: { timecode },
      advice: 'Export the edit list with non-drop-frame timecode (FCM: NON-DROP FRAME).',
    });
  }
  if ((minutes as number) > 59 || (seconds as number) > 59 || (frames as number) >= base) {
    throw new InvalidRequestError(
      `Timecode ${timecode} is out of range at ${base} frames per second`,
      {
        details: { timecode, framesPerSecond: base },
      },
    );
  }
  return (
    (((hours as number) * 60 + (minutes as number)) * 60 + (seconds as number)) * base +
    (frames as number)
  );
}
