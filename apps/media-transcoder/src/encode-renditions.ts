import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { LadderPlan, RungPlan } from '@reel/ladder';
import { loudnessTargetLufs, type TranscodeOptions } from '@reel/media-types';
import type { AudioRendition, PackagedRendition, VideoRendition } from './encoded-ladder';
import type { OperationBounds } from './operation-bounds';

/** One rung as encodeLadder wrote it (file, frames, duration). */
type EncodedRung = Awaited<ReturnType<FfmpegRuntime['encodeLadder']>>['rungs'][number];

/** The shared sound's rendition folder. */
export const AUDIO_RENDITION = 'audio';

/** What the encode and package helpers share. */
export interface RenditionWork {
  runtime: FfmpegRuntime;
  ladder: LadderPlan;
  options: TranscodeOptions;
  operation: OperationBounds;
  /** Where encodes (`encoded/`) and packaged folders (`cmaf/{name}/`) go. */
  workDir: string;
}

async function packageRendition(
  { runtime, ladder, operation, workDir }: RenditionWork,
  { name, input, isVideo }: { name: string; input: string; isVideo: boolean },
): Promise<PackagedRendition> {
  const outputDir = join(workDir, 'cmaf', name);
  await mkdir(outputDir, { recursive: true });
  // The real segment length is whole GOPs (4.004 s for 4 s at 29.97 fps); the sound follows it.
  const packaged = await runtime.packageCmaf({
    input,
    inputLabel: `the ${name} rendition`,
    outputDir,
    segmentDurationSec: ladder.gopDurationSec,
    ...(isVideo ? { frameRate: ladder.frameRate } : {}),
    ...operation,
  });
  return {
    name,
    playlistPath: packaged.playlistPath,
    initPath: packaged.initPath,
    segments: packaged.segments,
  };
}

/**
 * The shared AAC rendition: encoded once from the whole source (normalised to the options'
 * loudness target in the same encode, when there is one), then packaged into CMAF.
 */
export async function encodeAudioRendition(
  work: RenditionWork,
  {
    input,
    inputLabel,
    onProgress,
  }: { input: string; inputLabel: string; onProgress: (percent: number) => void },
): Promise<{ encodedPath: string; durationSec: number; channels: number; sampleRateHz: number }> {
  const { runtime, ladder, options, operation, workDir } = work;
  const audio = ladder.audio;
  if (audio === undefined) throw new TypeError('encodeAudioRendition needs a ladder with audio');
  const output = join(workDir, 'encoded', `${AUDIO_RENDITION}.mp4`);
  await mkdir(join(workDir, 'encoded'), { recursive: true });
  const targetLufs = loudnessTargetLufs(options);
  const encoded = await runtime.encodeAacRendition({
    input,
    inputLabel,
    output,
    audio,
    ...(targetLufs === undefined ? {} : { loudnessTargetLufs: targetLufs }),
    ...operation,
    onProgress: ({ percent }) => onProgress(percent),
  });
  return {
    encodedPath: encoded.path,
    durationSec: encoded.durationSec,
    channels: encoded.channels,
    sampleRateHz: encoded.sampleRateHz,
  };
}

/** An encoded AAC file packaged as the `audio` rendition. */
export async function packageAudioRendition(
  work: RenditionWork,
  encoded: { encodedPath: string; durationSec: number; channels: number; sampleRateHz: number },
): Promise<AudioRendition> {
  const codecs = work.ladder.audio?.codecs ?? 'mp4a.40.2';
  const packaged = await packageRendition(work, {
    name: AUDIO_RENDITION,
    input: encoded.encodedPath,
    isVideo: false,
  });
  return { ...packaged, ...encoded, codecs };
}

/**
 * Encodes `rungs` of the ladder in one ffmpeg process (one decode, split, keyframes forced on the
 * segment grid) over a span of the source (all of it by default) into `encoded/{rung}.mp4`.
 * Returns each rung's file, frame count and duration, tallest first.
 */
export async function encodeRungs(
  { runtime, ladder, options, operation, workDir }: RenditionWork,
  {
    input,
    inputLabel,
    rungs,
    span,
    expectedDurationSec,
    onProgress,
  }: {
    input: string;
    inputLabel: string;
    rungs: readonly RungPlan[];
    /** A chunk's span of the source; no `durationSec`: to the source's end. */
    span?: { startSec: number; durationSec?: number };
    /** The output's length when the span runs to the end: the base of progress. */
    expectedDurationSec: number;
    onProgress: (percent: number) => void;
  },
): Promise<EncodedRung[]> {
  await mkdir(join(workDir, 'encoded'), { recursive: true });
  const outputs = Object.fromEntries(
    rungs.map(({ name }) => [name, join(workDir, 'encoded', `${name}.mp4`)]),
  );
  const run = await runtime.encodeLadder({
    input,
    inputLabel,
    plan: ladder,
    rungNames: rungs.map(({ name }) => name),
    outputs,
    ...(span === undefined ? {} : span),
    expectedDurationSec,
    preset: options.x264Preset,
    ...operation,
    onProgress: ({ percent }) => onProgress(percent),
  });
  return run.rungs;
}

/** An encoded rung (one file, video only) packaged into its CMAF rendition folder. */
export async function packageVideoRendition(
  work: RenditionWork,
  encoded: Pick<EncodedRung, 'name' | 'path' | 'frameCount' | 'durationSec'>,
): Promise<VideoRendition> {
  const rung = work.ladder.video.find(({ name }) => name === encoded.name);
  if (rung === undefined) throw new TypeError(`The ladder has no rung ${encoded.name}`);
  const packaged = await packageRendition(work, {
    name: encoded.name,
    input: encoded.path,
    isVideo: true,
  });
  return {
    ...packaged,
    rung,
    encodedPath: encoded.path,
    frameRate: work.ladder.frameRate,
    frameCount: encoded.frameCount,
    durationSec: encoded.durationSec,
  };
}
