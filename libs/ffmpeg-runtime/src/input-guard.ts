/** Protocols an input may use: local files and pipes. No http(s), tcp, data:, concat:, subfile… */
export const ALLOWED_INPUT_PROTOCOLS = ['file', 'pipe'] as const;

/**
 * Demuxers an untrusted input may be opened with, as ffmpeg names them (`ffmpeg -demuxers`).
 * ffmpeg matches any name of a multi-name demuxer, so `mp4` admits `mov,mp4,m4a,3gp,3g2,mj2`.
 * Playlists (`hls`, `dash`), lists (`concat`), image sequences and `tty` are deliberately absent.
 */
export const DEFAULT_INPUT_FORMATS: readonly string[] = [
  'mov',
  'mp4',
  'm4a',
  'matroska',
  'webm',
  'mp3',
  'wav',
  'flac',
  'ogg',
  'aac',
];

const FORMAT_NAME = /^[a-z0-9_]+$/;

/**
 * Puts `-protocol_whitelist file,pipe` and `-format_whitelist <formats>` in front of every `-i` of
 * an ffmpeg/ffprobe argv, so every input is opened under both allow-lists; nested opens (playlist
 * entries, concat entries) inherit them. A refused input fails before its demuxer reads a byte.
 *
 * An input whose demuxer is forced by `-f <format>` directly in front of its `-i` (`-f lavfi -i …`,
 * or `-f concat -i <a list reel wrote>`) also gets that format on its list: the caller chose the
 * demuxer, nothing is probed, and entries it opens stay bound to the allow-list.
 *
 * With `maxStreams`, each input also gets `-max_streams <maxStreams>`: the demuxer fails at the
 * first stream past it (→ GuardrailExceededError) instead of allocating thousands.
 *
 * The allow-lists go last in each input's options, so they override any the argv already had.
 * Throws a TypeError when `-i` has no value or its value starts with `-` (argv values are never a
 * bare option name, so every `-i` really is an input).
 *
 * @example
 * guardInputs(['-i', '/in.mp4', '/out.mp3'], { allowedFormats: ['mp4'] });
 * // → ['-protocol_whitelist', 'file,pipe', '-format_whitelist', 'mp4', '-i', '/in.mp4', '/out.mp3']
 */
export function guardInputs(
  args: readonly string[],
  {
    allowedFormats = DEFAULT_INPUT_FORMATS,
    maxStreams,
  }: { allowedFormats?: readonly string[]; maxStreams?: number } = {},
): string[] {
  assertFormatNames(allowedFormats);
  if (maxStreams !== undefined && (!Number.isInteger(maxStreams) || maxStreams < 1)) {
    throw new TypeError(`maxStreams must be a positive integer, got ${maxStreams}`);
  }
  const streamLimit = maxStreams === undefined ? [] : ['-max_streams', String(maxStreams)];
  return args.flatMap((arg, index) => {
    if (arg !== '-i') return [arg];
    const input = args[index + 1];
    if (input === undefined || input.startsWith('-')) {
      throw new TypeError(`-i must be followed by an input, got ${JSON.stringify(input)}`);
    }
    const forcedFormat = args[index - 2] === '-f' ? args[index - 1] : undefined;
    const formats = forcedFormat === undefined ? allowedFormats : [forcedFormat, ...allowedFormats];
    assertFormatNames(formats);
    return [
      '-protocol_whitelist',
      ALLOWED_INPUT_PROTOCOLS.join(','),
      '-format_whitelist',
      [...new Set(formats)].join(','),
      ...streamLimit,
      arg,
    ];
  });
}

function assertFormatNames(formats: readonly string[]): void {
  const invalid = formats.filter((format) => !FORMAT_NAME.test(format));
  if (formats.length === 0 || invalid.length > 0) {
    throw new TypeError(
      `input formats must be a non-empty list of ffmpeg demuxer names, got ${JSON.stringify(formats)}`,
    );
  }
}
