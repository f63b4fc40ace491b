import { open } from 'node:fs/promises';

/**
 * `byteCount` pseudo-random bytes from a fixed seed (xorshift32): "random" damage that is the same
 * on every run, so a test that depends on where the noise lands is deterministic.
 *
 * @example
 * const noise = seededNoise({ byteCount: 8192, seed: 7 });
 */
export function seededNoise({ byteCount, seed }: { byteCount: number; seed: number }): Buffer {
  const bytes = Buffer.alloc(byteCount);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < byteCount; index += 1) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/**
 * Overwrites `byteCount` bytes of `path` at `offsetFraction` of its size (0.5: the middle) with
 * seeded noise; the size stays the same. Returns the byte offset.
 *
 * @example
 * await overwriteWithNoise('/tmp/talk.m4a', { offsetFraction: 0.5, byteCount: 8192 });
 */
export async function overwriteWithNoise(
  path: string,
  {
    offsetFraction,
    byteCount,
    seed = 7,
  }: { offsetFraction: number; byteCount: number; seed?: number },
): Promise<number> {
  const file = await open(path, 'r+');
  try {
    const { size } = await file.stat();
    const offset = Math.floor(size * offsetFraction);
    await file.write(
      seededNoise({ byteCount: Math.min(byteCount, size - offset), seed }),
      0,
      undefined,
      offset,
    );
    return offset;
  } finally {
    await file.close();
  }
}

/**
 * Rewrites what an ffmpeg-made Matroska file says about its length — the segment's Duration
 * element and each track's `DURATION` tag — from `trueSec` to `claimedSec`, leaving every cluster
 * in place: a file whose header says 1 s while it holds hours, or 5 h while it holds 1 s.
 *
 * @example
 * patchMatroskaDuration(bytes, { trueSec: 14_700, claimedSec: 1 });
 */
export function patchMatroskaDuration(
  bytes: Buffer,
  { trueSec, claimedSec }: { trueSec: number; claimedSec: number },
): Buffer {
  const trueDurationTag = formatTag(trueSec);
  const patched = Buffer.from(bytes);
  // Duration (0x4489) as an 8-byte float (size byte 0x88), in TimestampScale units (ms by default).
  const durationAt = patched.indexOf(Buffer.from([0x44, 0x89, 0x88]));
  if (durationAt < 0) throw new Error('No 8-byte Duration element found');
  patched.writeDoubleBE(claimedSec * 1000, durationAt + 3);
  const claimedTag = formatTag(claimedSec);
  if (claimedTag.length !== trueDurationTag.length) throw new Error('Tag lengths differ');
  for (
    let at = patched.indexOf(trueDurationTag);
    at >= 0;
    at = patched.indexOf(trueDurationTag, at + 1)
  ) {
    patched.write(claimedTag, at, 'latin1');
  }
  return patched;
}

function formatTag(totalSec: number): string {
  const hours = Math.floor(totalSec / 3600);
  const minutes = Math.floor((totalSec % 3600) / 60);
  const seconds = totalSec % 60;
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${seconds.toFixed(9).padStart(12, '0')}`;
}
