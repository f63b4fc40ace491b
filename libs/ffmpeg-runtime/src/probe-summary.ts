import { CorruptInputError } from '@reel/error-taxonomy';
import { streamTypes, type ProbeStream, type ProbeSummary } from '@reel/media-types';
import * as z from 'zod';

const numeric = z.union([z.number(), z.string()]).optional();

const ffprobeOutputSchema = z.object({
  format: z.object({
    format_name: z.string(),
    duration: numeric,
    size: numeric,
    bit_rate: numeric,
  }),
  streams: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        codec_type: z.string().optional(),
        codec_name: z.string().optional(),
        width: numeric,
        height: numeric,
        sample_rate: numeric,
        channels: numeric,
        avg_frame_rate: z.string().optional(),
        r_frame_rate: z.string().optional(),
        duration: numeric,
        bit_rate: numeric,
        pix_fmt: z.string().optional(),
        side_data_list: z
          .array(z.object({ rotation: z.union([z.number(), z.string()]).optional() }).loose())
          .optional(),
      }),
    )
    .default([]),
});

/**
 * Turns the JSON text of `ffprobe -print_format json -show_format -show_streams` into a
 * {@link ProbeSummary}. Numbers ffprobe prints as strings are parsed; unknown (`N/A`), zero or
 * negative sizes, rates and dimensions are left out. Throws CorruptInputError when the text is not
 * ffprobe output with a format section (what ffprobe prints for an input it cannot open).
 *
 * @example
 * const summary = parseProbeOutput(stdout, { input: '/tmp/job/input.mp4' });
 * summary.streams.filter((stream) => stream.type === 'audio').length;
 */
export function parseProbeOutput(json: string, { input }: { input: string }): ProbeSummary {
  // Interpreted: a step parses a few probes, and compiling the schema costs more than it saves.
  const parsed = ffprobeOutputSchema.safeParse(parseJson(json), { jitless: true });
  if (!parsed.success) {
    throw new CorruptInputError(`ffprobe could not describe ${input}`, {
      cause: parsed.error,
      details: { input },
    });
  }
  const { format, streams } = parsed.data;
  const summaryStreams = streams.map((stream): ProbeStream => {
    const type = streamTypes.find((known) => known === stream.codec_type) ?? 'data';
    return dropUndefined({
      index: stream.index,
      type,
      codecName: stream.codec_name ?? 'unknown',
      width: positiveInteger(stream.width),
      height: positiveInteger(stream.height),
      sampleRateHz: positiveInteger(stream.sample_rate),
      channels: positiveInteger(stream.channels),
      frameRate:
        type === 'video'
          ? (parseRate(stream.avg_frame_rate) ?? parseRate(stream.r_frame_rate))
          : undefined,
      durationSec: nonNegative(stream.duration),
      bitRate: positive(stream.bit_rate),
      rotationDeg: type === 'video' ? rotationOf(stream.side_data_list) : undefined,
      pixelFormat: type === 'video' ? stream.pix_fmt : undefined,
    });
  });
  const longestStreamSec = Math.max(0, ...summaryStreams.map((s) => s.durationSec ?? 0));
  return dropUndefined({
    formatName: format.format_name,
    durationSec: nonNegative(format.duration) ?? longestStreamSec,
    sizeBytes: Math.trunc(nonNegative(format.size) ?? 0),
    bitRate: positive(format.bit_rate),
    streams: summaryStreams,
  });
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function toNumber(value: number | string | undefined): number | undefined {
  if (value === undefined || value === '' || value === 'N/A') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function nonNegative(value: number | string | undefined): number | undefined {
  const parsed = toNumber(value);
  return parsed !== undefined && parsed >= 0 ? parsed : undefined;
}

function positive(value: number | string | undefined): number | undefined {
  const parsed = toNumber(value);
  return parsed !== undefined && parsed > 0 ? parsed : undefined;
}

function positiveInteger(value: number | string | undefined): number | undefined {
  const parsed = positive(value);
  return parsed !== undefined && Number.isInteger(parsed) ? parsed : undefined;
}

/** `30000/1001` → 29.97…; `0/0` (unknown) → undefined. */
function parseRate(rate: string | undefined): number | undefined {
  const [numerator, denominator] = (rate ?? '').split('/').map(Number);
  if (!numerator || !denominator) return undefined;
  const value = numerator / denominator;
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The display matrix's rotation (ffprobe prints it in degrees, counter-clockwise, e.g. `-90`)
 * as 0/90/180/270; undefined without one or for an angle that is not a quarter turn.
 */
function rotationOf(
  sideData: ReadonlyArray<{ rotation?: number | string }> | undefined,
): ProbeStream['rotationDeg'] {
  const degrees = toNumber(sideData?.find((entry) => entry.rotation !== undefined)?.rotation);
  if (degrees === undefined) return undefined;
  const normalised = (((Math.round(degrees) % 360) + 360) % 360) as number;
  return normalised === 0 || normalised === 90 || normalised === 180 || normalised === 270
    ? normalised
    : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
