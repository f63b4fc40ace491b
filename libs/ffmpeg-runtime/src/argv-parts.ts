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
