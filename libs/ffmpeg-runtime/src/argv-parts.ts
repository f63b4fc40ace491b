/** Small argv pieces the builders share. */
/**
 * Output options every builder adds: uploads' metadata and chapters (GPS tags, names, tool
 * strings) are not copied into what reel produces.
 */
export const STRIP_METADATA_ARGS: readonly string[] = [
  '-map_metadata',
  '-1',
  '-map_chapters',
  '-1',
];

/** `-b:a 128k`-style bitrate argument; throws a TypeError unless kbps is a positive integer. */
export function kbps(value: number, role: string): string {
  if (!Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${role} must be a positive integer (kbit/s), got ${value}`);
  }
  return `${value}k`;
}

/**
 * `-t <sec>` as an input option (put it before `-i`): ffmpeg reads no further into the input
 * however long the container claims it is. Empty without a limit.
 */
export function readLimitArgs(readLimitSec: number | undefined): string[] {
  if (readLimitSec === undefined) return [];
  if (!Number.isFinite(readLimitSec) || readLimitSec <= 0) {
    throw new TypeError(`readLimitSec must be a finite number > 0, got ${readLimitSec}`);
  }
  return ['-t', seconds(readLimitSec)];
}

/** `-fs <bytes>` (put it before the output): ffmpeg stops writing that output at the limit. */
export function outputLimitArgs(maxOutputBytes: number | undefined): string[] {
  if (maxOutputBytes === undefined) return [];
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes <= 0) {
    throw new TypeError(`maxOutputBytes must be a positive integer, got ${maxOutputBytes}`);
  }
  return ['-fs', String(maxOutputBytes)];
}

/** Seconds as ffmpeg reads them, to the microsecond, never in exponent notation. */
export function seconds(value: number): string {
  return value.toFixed(6);
}
