/**
 * The version token of `ffmpeg -version` / `ffprobe -version` (`5.1.9-0+deb12u1`,
 * `7.0.2-static`, `N-112233-gabcdef`), or undefined when the text is not such output.
 *
 * @example
 * parseVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026'); // → '5.1.9-0+deb12u1'
 */
export function parseVersion(text: string): string | undefined {
  return /^\s*\S+ version (\S+)/m.exec(text)?.[1];
}

/**
 * The configure flags listed by `ffmpeg -buildconf`, one per entry (`--enable-libx264`).
 *
 * @example
 * parseBuildConfiguration('  configuration:\n    --prefix=/usr\n    --enable-gpl\n');
 * // → ['--prefix=/usr', '--enable-gpl']
 */
export function parseBuildConfiguration(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('--'));
}

/**
 * The encoder names listed by `ffmpeg -encoders`: the word after the six capability flags, on
 * the lines below the `------` separator.
 *
 * @example
 * parseEncoderNames(' ------\n V....D libx264   libx264 H.264 (codec h264)\n A..... aac  AAC\n');
 * // → ['libx264', 'aac']
 */
export function parseEncoderNames(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim().startsWith('---'));
  return lines
    .slice(start + 1)
    .map((line) => /^\s*[VASD.][A-Z.]{5}\s+(\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}
