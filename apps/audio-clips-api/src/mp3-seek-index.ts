import * as z from 'zod';

/**
 * Where an MP3's frames start, so a clip can be cut from one byte range of the episode instead of
 * the whole file. A VBR MP3's frames differ in size and carry no timestamps: the only exact map
 * from time to bytes is counting frames from the start, done once per episode by
 * {@link createMp3SeekIndexScanner} and kept beside the MP3.
 */
export const mp3SeekIndexSchema = z.object({
  version: z.literal(1),
  /** Size of the MP3 the index was made from: a range read of another size means it changed. */
  sourceBytes: z.int().positive(),
  sampleRate: z.int().positive(),
  /** 1152 for MPEG-1 Layer III, 576 for MPEG-2/2.5. */
  samplesPerFrame: z.union([z.literal(1152), z.literal(576)]),
  /**
   * Decoded samples a player drops before time 0: the LAME header's encoder delay plus the
   * decoder's 529 (what ffmpeg skips), 0 without a LAME header.
   */
  leadingSamples: z.int().nonnegative(),
  frameCount: z.int().positive(),
  /** The byte after the last audio frame (an ID3v1 or APE tag may follow). */
  audioEndByte: z.int().positive(),
  framesPerEntry: z.int().positive(),
  /** Byte offset of audio frame `i * framesPerEntry` (frame 0 is the first after the Xing header). */
  frameOffsets: z.array(z.int().nonnegative()).min(1),
});

export type Mp3SeekIndex = z.output<typeof mp3SeekIndexSchema>;

/** About 0.84 s at 44.1 kHz: a clip reads at most that much more before its start. */
const DEFAULT_FRAMES_PER_ENTRY = 32;
/** The MPEG decoder's own delay in samples, which ffmpeg adds to the LAME encoder delay. */
const DECODER_DELAY_SAMPLES = 529;
/** Bytes past the last frame that can only be tags: ID3v1 (128) or a small APE/Lyrics tag. */
const MAX_TAIL_BYTES = 8_192;

const BITRATES_KBPS = {
  mpeg1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  mpeg2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
} as const;
const SAMPLE_RATES: Record<number, readonly number[]> = {
  3: [44_100, 48_000, 32_000],
  2: [22_050, 24_000, 16_000],
  0: [11_025, 12_000, 8_000],
};

interface FrameHeader {
  sizeBytes: number;
  sampleRate: number;
  samplesPerFrame: 1152 | 576;
  sideInfoBytes: number;
}

/** A Layer III frame header at `at`, or undefined (free format, reserved values, no sync). */
function readFrameHeader(bytes: Buffer, at: number): FrameHeader | undefined {
  if (at + 4 > bytes.length) return undefined;
  const header = bytes.readUInt32BE(at);
  const version = (header >>> 19) & 3;
  const layer = (header >>> 17) & 3;
  const bitrateIndex = (header >>> 12) & 15;
  const sampleRateIndex = (header >>> 10) & 3;
  if (header >>> 21 !== 0x7ff || version === 1 || layer !== 1) return undefined;
  if (bitrateIndex === 0 || bitrateIndex === 15 || sampleRateIndex === 3) return undefined;
  const mpeg1 = version === 3;
  const sampleRate = SAMPLE_RATES[version]?.[sampleRateIndex] ?? 0;
  const kbps = (mpeg1 ? BITRATES_KBPS.mpeg1 : BITRATES_KBPS.mpeg2)[bitrateIndex] ?? 0;
  const padding = (header >>> 9) & 1;
  const mono = ((header >>> 6) & 3) === 3;
  return {
    sizeBytes: Math.floor(((mpeg1 ? 144 : 72) * kbps * 1000) / sampleRate) + padding,
    sampleRate,
    samplesPerFrame: mpeg1 ? 1152 : 576,
    sideInfoBytes: mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17,
  };
}

/**
 * Leading samples from an info frame (Xing/Info with a LAME-style extension, or VBRI) at `at`, or
 * undefined when the frame is audio. ffmpeg reads the same header and skips that frame.
 */
function readInfoFrame(bytes: Buffer, at: number, frame: FrameHeader): number | undefined {
  const tagAt = at + 4 + frame.sideInfoBytes;
  const tag = bytes.toString('latin1', tagAt, tagAt + 4);
  if (bytes.toString('latin1', at + 36, at + 40) === 'VBRI') return 0;
  if (tag !== 'Xing' && tag !== 'Info') return undefined;
  const flags = bytes.readUInt32BE(tagAt + 4);
  const extensionAt =
    tagAt +
    8 +
    (flags & 1 ? 4 : 0) +
    (flags & 2 ? 4 : 0) +
    (flags & 4 ? 100 : 0) +
    (flags & 8 ? 4 : 0);
  const encoder = bytes.toString('latin1', extensionAt, extensionAt + 4);
  if (!['LAME', 'Lavf', 'Lavc'].includes(encoder) || extensionAt + 24 > at + frame.sizeBytes) {
    return 0;
  }
  // The LAME tag's 12-bit encoder delay sits 21 bytes into the extension.
  return (bytes.readUIntBE(extensionAt + 21, 3) >>> 12) + DECODER_DELAY_SAMPLES;
}

/**
 * Counts an MP3's frames as its bytes stream past (one pass, a few KB held at a time): `push` each
 * chunk in order, then `finish` with the total size. `finish` answers undefined for anything it
 * cannot map exactly — not Layer III, free format, a sample rate change, or bytes after the last
 * frame that are more than a tag — and the caller reads the whole file instead.
 *
 * @example
 * const scanner = createMp3SeekIndexScanner();
 * for await (const chunk of stream) scanner.push(chunk);
 * const index = scanner.finish();
 */
export function createMp3SeekIndexScanner({
  framesPerEntry = DEFAULT_FRAMES_PER_ENTRY,
}: { framesPerEntry?: number } = {}) {
  let pending: Buffer = Buffer.alloc(0);
  /** Absolute offset of pending[0]. */
  let base = 0;
  /** Absolute offset of the next frame header, once the preamble is read. */
  let next: number | undefined;
  let stopped = false;
  let first: FrameHeader | undefined;
  let leadingSamples = 0;
  let frameCount = 0;
  const frameOffsets: number[] = [];
  /** ID3v2 and the first frame must be in hand before frames are counted. */
  const PREAMBLE_BYTES = 16_384;

  function readPreamble(final: boolean): boolean {
    if (pending.length < PREAMBLE_BYTES && !final) return false;
    let at = 0;
    if (pending.toString('latin1', 0, 3) === 'ID3' && pending.length >= 10) {
      const size = pending.subarray(6, 10);
      const footer = (pending[5] ?? 0) & 0x10 ? 10 : 0;
      at =
        10 +
        footer +
        (((size[0] ?? 0) << 21) | ((size[1] ?? 0) << 14) | ((size[2] ?? 0) << 7) | (size[3] ?? 0));
    }
    // The first frame (the Xing header, at most 2,881 bytes) must be whole.
    if (at + 4_096 > pending.length && !final) return false;
    first = readFrameHeader(pending, at);
    if (first === undefined) {
      stopped = true;
      return true;
    }
    const info = readInfoFrame(pending, at, first);
    leadingSamples = info ?? 0;
    next = info === undefined ? at : at + first.sizeBytes;
    return true;
  }

  function countFrames(final: boolean): void {
    while (!stopped && next !== undefined && first !== undefined) {
      const at = next - base;
      if (at + 4 > pending.length) break;
      const frame = readFrameHeader(pending, at);
      if (frame === undefined || frame.sampleRate !== first.sampleRate) {
        stopped = true;
        break;
      }
      if (frameCount % framesPerEntry === 0) frameOffsets.push(next);
      frameCount += 1;
      next += frame.sizeBytes;
    }
    if (!final && next !== undefined && next - base > 0) {
      const keepFrom = Math.min(next - base, pending.length);
      pending = pending.subarray(keepFrom);
      base += keepFrom;
    }
  }

  return {
    push(chunk: Buffer): void {
      if (stopped) return;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (next === undefined && !readPreamble(false)) return;
      countFrames(false);
    },
    finish(sourceBytes: number): Mp3SeekIndex | undefined {
      if (next === undefined) readPreamble(true);
      countFrames(true);
      if (first === undefined || next === undefined || frameCount === 0) return undefined;
      // A frame counted past the end was cut short; one that stopped early left unmapped audio.
      const audioEndByte = next;
      if (audioEndByte > sourceBytes || sourceBytes - audioEndByte > MAX_TAIL_BYTES) {
        return undefined;
      }
      return {
        version: 1,
        sourceBytes,
        sampleRate: first.sampleRate,
        samplesPerFrame: first.samplesPerFrame,
        leadingSamples,
        frameCount,
        audioEndByte,
        framesPerEntry,
        frameOffsets,
      };
    },
  };
}

/** The bytes of an episode that hold a clip, and where the clip starts in them. */
export interface ClipByteSpan {
  /** First byte to read (a frame start). */
  fromByte: number;
  /** Last byte to read, inclusive (as an HTTP range says it). */
  toByte: number;
  /** Where the clip starts in the decoded span, in ms (fractional: sample-exact). */
  startInSpanMs: number;
}

/**
 * The frames a clip `[startMs, endMs)` needs, with `marginFrames` more on each side: the decoder
 * needs a few frames before the start to fill its bit reservoir and overlap (it decodes those to
 * silence or partial sound, which the cut drops). Decoding the span gives the episode's samples
 * from its first frame on, so the clip starts `startInSpanMs` into it: the same sample the whole
 * file would give, encoder delay included. Pure.
 *
 * @example
 * const { fromByte, toByte, startInSpanMs } = findClipByteSpan(index, { startMs: 12_345, endMs: 15_345 });
 */
export function findClipByteSpan(
  index: Mp3SeekIndex,
  { startMs, endMs, marginFrames = 12 }: { startMs: number; endMs: number; marginFrames?: number },
): ClipByteSpan {
  const { sampleRate, samplesPerFrame, leadingSamples, framesPerEntry, frameOffsets } = index;
  const startSample = Math.round((startMs * sampleRate) / 1000) + leadingSamples;
  const endSample = Math.round((endMs * sampleRate) / 1000) + leadingSamples;
  const firstFrame = Math.max(0, Math.floor(startSample / samplesPerFrame) - marginFrames);
  const firstEntry = Math.min(Math.floor(firstFrame / framesPerEntry), frameOffsets.length - 1);
  const lastFrame = Math.ceil(endSample / samplesPerFrame) + marginFrames;
  const endEntry = Math.ceil(lastFrame / framesPerEntry);
  const spanFirstSample = firstEntry * framesPerEntry * samplesPerFrame;
  return {
    fromByte: frameOffsets[firstEntry] ?? 0,
    toByte: (frameOffsets[endEntry] ?? index.audioEndByte) - 1,
    startInSpanMs: ((startSample - spanFirstSample) * 1000) / sampleRate,
  };
}
