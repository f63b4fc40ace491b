/**
 * Margin on the duration guardrail for `-t`: a file exactly at the limit is read to its end, and
 * one longer is read a little past it, which is how a run knows it was longer.
 */
export const READ_MARGIN_SEC = 1;

/** libmp3lame's highest bitrate, 320 kbit/s: no MP3 of a given length can be bigger. */
export const MP3_MAX_BYTES_PER_SEC = 40_000;

/** 64 Mbit/s: beyond any x264 CRF encode of 8K the runtime makes. */
export const H264_MAX_BYTES_PER_SEC = 8_000_000;

/**
 * The `-fs` bound for an output written at no more than `bytesPerSec` from at most `readLimitSec`
 * of input: 5 % and 1 MiB above what a legitimate output can reach, so hitting it means the input
 * held more than its guardrails allow. Pure.
 *
 * @example
 * outputByteLimit({ bytesPerSec: MP3_MAX_BYTES_PER_SEC, readLimitSec: 14_401 }); // ≈ 606 MB
 */
export function outputByteLimit({
  bytesPerSec,
  readLimitSec,
}: {
  bytesPerSec: number;
  readLimitSec: number;
}): number {
  return Math.ceil(bytesPerSec * readLimitSec * 1.05) + 1024 * 1024;
}
