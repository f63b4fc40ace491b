import type { ErrorType } from './error-catalog';
import { errorClasses } from './errors';
import type { ReelError } from './reel-error';

/** What a child process (ffmpeg, ffprobe, pocketsphinx) left behind when it failed. */
export interface ProcessFailure {
  /** Binary name for messages, e.g. `ffmpeg`. */
  tool: string;
  /** What reel was doing, e.g. `extract-audio-mp3`. */
  operation?: string;
  exitCode?: number;
  signal?: string;
  /** The last lines of stderr; matched against {@link processFailurePatterns}. */
  stderrTail: string;
  /** The process was killed because its deadline passed or its AbortSignal fired. */
  timedOut?: boolean;
  /** Set when the process never started: `ENOENT` (no binary), `EACCES` (not executable). */
  spawnErrorCode?: string;
  /** Path of the binary that was (or was not) run, for the message. */
  binaryPath?: string;
}

export interface ProcessFailurePattern {
  type: ErrorType;
  pattern: RegExp;
  /** Short human reason used in the message: "ffmpeg failed: <reason>". */
  reason: string;
  advice?: string;
}

/**
 * The one table from stderr text to error type. First match wins, so the most specific patterns
 * come first (a whitelist refusal also prints "Invalid data found", for instance).
 */
export const processFailurePatterns: readonly ProcessFailurePattern[] = [
  {
    // The runtime opens every input with `-max_streams <maxStreams>`: the demuxer stops at the
    // first stream past the limit instead of allocating thousands (1,100 made ffprobe fail ENOMEM).
    type: 'GuardrailExceeded',
    pattern: /Number of streams exceeds max_streams parameter \((\d+)\)/,
    reason: 'the input has more streams than the maxStreams guardrail allows',
  },
  {
    type: 'UnsupportedMedia',
    pattern: /Protocol '[^']*' not on whitelist/i,
    reason: 'the input refers to a protocol that is not allowed (only local files are read)',
  },
  {
    type: 'UnsupportedMedia',
    pattern: /Unsafe file name/i,
    reason: 'the input is a concat list with unsafe file names',
  },
  {
    // ffmpeg 5.1 prints "Format not on whitelist '<list>'" when -format_whitelist refuses a demuxer.
    type: 'UnsupportedMedia',
    pattern:
      /Format not on whitelist|Format [\w,]+ is not in the list of allowed formats|not in (?:the )?format whitelist/i,
    reason:
      'the input format is not allowed (playlists, concat lists and unlisted containers are refused)',
  },
  {
    type: 'UnsupportedMedia',
    pattern: /is not in allowed_segment_extensions/i,
    reason: 'the input is a playlist referring to files that are not media segments',
  },
  {
    type: 'UnsupportedMedia',
    pattern: /Stream map '[^']*' matches no streams|Output file #\d+ does not contain any stream/i,
    reason: 'the input lacks a stream this operation needs (e.g. it has no audio)',
  },
  {
    // A filter graph's input label names a stream the input lacks: `[0:v:0]` on a sound-only file
    // prints "Stream specifier ':v:0' in filtergraph description <graph> matches no streams."
    type: 'UnsupportedMedia',
    pattern: /Stream specifier '[^']*' in filtergraph description .* matches no streams/i,
    reason: 'the input lacks a stream the filter graph reads (e.g. a picture in a sound-only file)',
    advice:
      "Check the input's streams with ffprobe: ':v' needs a picture, ':a' sound, ':s' subtitles. Send a source that has the stream, or options that do not need it.",
  },
  {
    type: 'TmpExhausted',
    pattern: /No space left on device/i,
    reason: 'the output device is full',
  },
  {
    type: 'PermissionDenied',
    pattern: /Permission denied/i,
    reason: 'a file could not be opened: permission denied',
  },
  {
    type: 'CodecMissing',
    pattern: /Unknown encoder|Encoder \(codec [^)]*\) not found|Encoder not found|Unknown decoder/i,
    reason: 'the ffmpeg build lacks a required encoder',
  },
  {
    type: 'CodecMissing',
    pattern: /No such filter|Filter not found/i,
    reason: 'the ffmpeg build lacks a required filter',
  },
  {
    type: 'UnsupportedMedia',
    pattern: /Decoder \(codec [^)]*\) not found|no decoder found|Unsupported codec/i,
    reason: 'the input uses a codec this build cannot decode',
  },
  {
    // pocketsphinx: before InputMissing, since a missing dictionary also says "No such file".
    type: 'RuntimeMissing',
    pattern:
      /does not contain acoustic model definition|Failed to open dictionary file|ngram_model_trie\.c.*not found/i,
    reason:
      "the speech recogniser's model (acoustic model, dictionary or language model) is missing",
    advice:
      "Install pocketsphinx's en-us model (Debian package pocketsphinx-en-us) where the transcription service looks for it.",
  },
  {
    type: 'UnsupportedMedia',
    pattern: /due to format mismatch|but decoder expects|bits per sample instead of 16/i,
    reason: 'the audio is not the 16 kHz, 16-bit mono PCM WAV the speech recogniser reads',
  },
  {
    type: 'InputMissing',
    pattern: /No such file or directory/i,
    reason: 'the input file does not exist',
  },
  {
    type: 'CorruptInput',
    pattern:
      /moov atom not found|invalid partial file|Invalid data found when processing input|could not find codec parameters|Invalid NAL unit|End of file|Failed to read frame size|Truncating packet|error reading header/i,
    reason: 'the input is empty, truncated or not media',
  },
  {
    type: 'Transient',
    pattern: /Resource temporarily unavailable|Connection reset by peer|Broken pipe/i,
    reason: 'a temporary I/O fault',
  },
];

/**
 * stderr lines that mean one packet or frame of the input failed to decode, as ffmpeg 5.1 prints
 * them (calibrated on files with 8 KB of random bytes written over their middle): the generic
 * line ffmpeg prints for each packet a decoder refused, and the one for a frame the decoder
 * concealed (H.264 prints no refusal, it conceals). Decoder-specific chatter (`[aac @ …] Reserved
 * bit set.`) comes with these and is not counted, so one bad packet counts once.
 */
export const decodeErrorPatterns: readonly RegExp[] = [
  /^Error while decoding stream #\d+:\d+/,
  /: corrupt decoded frame in stream \d+/,
  // ffmpeg ≥ 6.1 (the Lambda image's 7.0) words them per decoder: `[aist#0:1/aac @ 0x…] Decoding
  // error: …` and `[vist#0:0/h264 @ 0x…] corrupt decoded frame` (fftools/ffmpeg_dec.c; not measured here).
  /^\[[av]ist#\d+:\d+\/\w+ @ 0x[0-9a-f]+\] (?:Decoding error: |corrupt decoded frame)/,
];

/**
 * True when a line of ffmpeg's stderr reports a packet or frame that failed to decode (see
 * {@link decodeErrorPatterns}).
 *
 * @example
 * isDecodeErrorLine('Error while decoding stream #0:1: Invalid data found when processing input'); // true
 */
export function isDecodeErrorLine(line: string): boolean {
  return decodeErrorPatterns.some((pattern) => pattern.test(line));
}

const memoryKillAdvice =
  "The process was killed by the system, most often for running out of memory. Raise the function's memory or process the input in chunks.";

/**
 * Classifies a failed child process into a typed error. Spawn failures and deadlines are decided
 * by facts; only then is stderr matched against {@link processFailurePatterns}.
 *
 * @example
 * throw classifyProcessFailure({ tool: 'ffprobe', exitCode: 1, stderrTail: 'x.mp4: moov atom not found' })
 * // → CorruptInputError
 */
export function classifyProcessFailure(failure: ProcessFailure): ReelError {
  const details = {
    tool: failure.tool,
    operation: failure.operation,
    exitCode: failure.exitCode,
    signal: failure.signal,
    stderrTail: failure.stderrTail,
  };
  const subject = failure.operation ? `${failure.tool} (${failure.operation})` : failure.tool;

  if (failure.spawnErrorCode === 'ENOENT' || failure.spawnErrorCode === 'EACCES') {
    const where = failure.binaryPath ?? failure.tool;
    const problem = failure.spawnErrorCode === 'ENOENT' ? 'was not found' : 'is not executable';
    return new errorClasses.RuntimeMissing(`${failure.tool} ${problem} (${where})`, {
      details: { ...details, binaryPath: where },
    });
  }
  if (failure.timedOut) {
    return new errorClasses.Timeout(`${subject} was stopped at its deadline`, { details });
  }
  const match = processFailurePatterns.find(({ pattern }) => pattern.test(failure.stderrTail));
  if (match) {
    const evidence = failure.stderrTail
      .split('\n')
      .find((line) => match.pattern.test(line))
      ?.trim();
    const message = `${subject} failed: ${match.reason}${evidence ? ` — ${evidence}` : ''}`;
    return new errorClasses[match.type](message, { details, advice: match.advice });
  }
  if (failure.signal === 'SIGKILL') {
    return new errorClasses.Internal(`${subject} was killed (SIGKILL)`, {
      details,
      advice: memoryKillAdvice,
    });
  }
  const lastLine = failure.stderrTail.trim().split('\n').at(-1) ?? '';
  const how = failure.signal
    ? `signal ${failure.signal}`
    : `exit code ${failure.exitCode ?? 'unknown'}`;
  return new errorClasses.Internal(
    `${subject} failed with ${how}${lastLine ? `: ${lastLine}` : ''}`,
    { details },
  );
}
