import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError, InvalidRequestError } from '@reel/error-taxonomy';
import type { ProbeSummary, RenderOptions } from '@reel/media-types';
import {
  buildAudioProgramGraph,
  buildBumperPart,
  cuesForChunk,
  planRenderChunks,
  type RenderChunk,
  type RenderChunkPlan,
  type RenderGraphStage,
  type RenderTimeline,
} from '@reel/render-timeline';
import { writeSrt } from '@reel/transcript';
import type { RenderBranding, RenderInput } from './compose-graph';
import { encodeTimeline, type RenderMainOptions } from './render-main';

/**
 * The most chunks a render is split into: `chunking.chunkCount`'s maximum, and the Map size the
 * workflow's timeout covers (`MAX_FAN_OUT_ITEMS` in @reel/workflow's run-lease-ttl.ts).
 */
export const MAX_RENDER_CHUNKS = 64;

/** The bumpers' sound in the joined render: compose-graph's format (the cut part's). */
const BUMPER_SAMPLE_RATE_HZ = 48_000;
const BUMPER_CHANNEL_LAYOUT = 'stereo';

/**
 * Whether the render goes in chunks: `chunking.chunkCount` forces it, else an edit longer than
 * `chunking.onePassMaxSec`. The intro plays in the first chunk and the outro in the last
 * ({@link chunkBranding}); the joined sound lays them in too ({@link joinRenderChunks}).
 */
export function wantsChunks({
  timeline,
  options,
}: Pick<RenderMainOptions, 'timeline' | 'options'>): boolean {
  const { chunkCount, onePassMaxSec } = options.chunking;
  return chunkCount !== undefined || timeline.mainDurationSec > onePassMaxSec;
}

/**
 * The chunks of a long edit (`planRenderChunks`: split at piece joins, a transition over a join in
 * the earlier chunk): `chunking.chunkCount` of them, else as many as keep each within
 * `onePassMaxSec`. Pure, so every phase of the step derives the same chunks.
 */
export function chunkPlanOf({
  timeline,
  options,
}: {
  timeline: RenderTimeline;
  options: RenderOptions;
}): RenderChunkPlan {
  const plan = planRenderChunks({
    timeline,
    ...(options.chunking.chunkCount === undefined
      ? { maxChunkOutputSec: options.chunking.onePassMaxSec }
      : { chunkCount: options.chunking.chunkCount }),
  });
  if (plan.chunks.length > MAX_RENDER_CHUNKS) {
    throw new InvalidRequestError(
      `An edit of ${timeline.mainDurationSec.toFixed(1)} s at chunking.onePassMaxSec ${options.chunking.onePassMaxSec} would need ${plan.chunks.length} chunks; at most ${MAX_RENDER_CHUNKS}`,
      {
        details: { chunkCount: plan.chunks.length, maxChunks: MAX_RENDER_CHUNKS },
        advice: `Raise chunking.onePassMaxSec to at least ${Math.ceil(timeline.mainDurationSec / MAX_RENDER_CHUNKS)} s.`,
      },
    );
  }
  return plan;
}

/**
 * The branding a chunk's encode lays in: the watermark always, the intro only in the first chunk,
 * the outro only in the last, re-numbered from input 1 in their order (the chunk's argv holds only
 * these). Pure.
 *
 * @example
 * chunkBranding({ watermark, intro, outro }, { isFirst: false, isLast: true }); // { watermark, outro: { …, index: 2 } }
 */
export function chunkBranding(
  { watermark, intro, outro }: RenderBranding,
  { isFirst, isLast }: Pick<RenderChunk, 'isFirst' | 'isLast'>,
): RenderBranding {
  return renumbered(
    { watermark, intro: isFirst ? intro : undefined, outro: isLast ? outro : undefined },
    1,
  );
}

/** The given branding inputs, numbered from `firstIndex` in their original order. */
function renumbered(branding: RenderBranding, firstIndex: number): RenderBranding {
  const kinds = (['watermark', 'intro', 'outro'] as const)
    .filter((kind) => branding[kind] !== undefined)
    .sort((a, b) => (branding[a]?.index ?? 0) - (branding[b]?.index ?? 0));
  const result: Record<string, RenderInput> = {};
  kinds.forEach((kind, position) => {
    const input = branding[kind];
    if (input !== undefined) result[kind] = { ...input, index: firstIndex + position };
  });
  return result as RenderBranding;
}

/**
 * A bumper's length in the render: its frames at the render's rate (the bumper part trims its
 * picture to `durationSec` on that grid and the concat holds its sound as long).
 */
function bumperSec(bumper: { durationSec: number } | undefined, timeline: RenderTimeline): number {
  if (bumper === undefined) return 0;
  const fps = timeline.frameRate.num / timeline.frameRate.den;
  return Math.ceil(bumper.durationSec * fps - 1e-6) / fps;
}

/** A chunk's file length: its frames, plus the intro's in the first chunk and the outro's in the last. */
export function chunkFileSec({
  chunk,
  branding,
  timeline,
}: {
  chunk: Pick<RenderChunk, 'durationSec' | 'isFirst' | 'isLast'>;
  branding: RenderBranding;
  timeline: RenderTimeline;
}): number {
  return (
    (chunk.isFirst ? bumperSec(branding.intro, timeline) : 0) +
    chunk.durationSec +
    (chunk.isLast ? bumperSec(branding.outro, timeline) : 0)
  );
}

/**
 * The intro/outro around the whole programme's sound (the one-pass render's bumper stage, over the
 * sound graph's stand-in picture); `undefined` without bumpers.
 */
function bumperSoundStage({ intro, outro }: RenderBranding): RenderGraphStage | undefined {
  if (intro === undefined && outro === undefined) return undefined;
  const clip = (input: RenderInput & { durationSec: number }) => ({
    videoIn: `${input.index}:v:0`,
    audioIn: `${input.index}:a:0`,
    durationSec: input.durationSec,
  });
  return (input) => ({
    ...buildBumperPart({
      main: { videoIn: input.videoOut, audioIn: input.audioOut },
      ...(intro === undefined ? {} : { intro: clip(intro) }),
      ...(outro === undefined ? {} : { outro: clip(outro) }),
      frame: { width: input.width, height: input.height },
      frameRate: input.frameRate,
      sampleRate: BUMPER_SAMPLE_RATE_HZ,
      channelLayout: BUMPER_CHANNEL_LAYOUT,
    }),
    durationSec: (intro?.durationSec ?? 0) + input.durationSec + (outro?.durationSec ?? 0),
  });
}

/**
 * One chunk's picture: its own graph and encode (cuts, scale, watermark, the intro in the first
 * chunk and the outro in the last, its share of the burnt-in cues) into `chunk.mp4` in
 * `chunkDir`; it starts on a keyframe (its own encode). Progress is against the chunk's length.
 */
export async function renderChunkPicture({
  render,
  chunk,
  chunkDir,
}: {
  render: RenderMainOptions;
  chunk: RenderChunk;
  chunkDir: string;
}): Promise<{ path: string; durationSec: number }> {
  await mkdir(chunkDir, { recursive: true });
  const introSec = render.branding.intro?.durationSec ?? 0;
  const cues =
    render.subtitles === undefined
      ? []
      : cuesForChunk({ cues: render.subtitles.cues, chunk, introSec });
  const path = join(chunkDir, 'chunk.mp4');
  await encodeTimeline({
    render: { ...render, branding: chunkBranding(render.branding, chunk) },
    timeline: chunk.timeline,
    srt: cues.length > 0 ? writeSrt(cues) : undefined,
    workDir: chunkDir,
    output: path,
  });
  return {
    path,
    durationSec: chunkFileSec({ chunk, branding: render.branding, timeline: render.timeline }),
  };
}

/**
 * The render from its chunks' pictures (in the scratch dir, in order): `concatRenderChunks` joins
 * them without re-encoding and encodes the whole render's sound once from its own graph, intro and
 * outro included, so there is no seam in the sound. Each chunk's length is taken from the plan and
 * the bumpers ({@link chunkFileSec}), whatever `chunks` says.
 */
export async function joinRenderChunks({
  render,
  plan,
  chunks,
  output,
}: {
  render: RenderMainOptions;
  plan: RenderChunkPlan;
  chunks: Array<{ path: string; durationSec: number }>;
  output: string;
}): Promise<{ summary: ProbeSummary; size: { width: number; height: number } }> {
  const { timeline, options, source, scratchDir, runtime, operation, branding } = render;
  // ffmpeg's input 0 is the chunk list, 1 the source, then the intro and outro.
  const bumpers = renumbered({ intro: branding.intro, outro: branding.outro }, 2);
  const stage = bumperSoundStage(bumpers);
  const audio = buildAudioProgramGraph({
    timeline,
    source,
    sourceInputIndex: 1,
    options,
    ...(stage === undefined ? {} : { stages: [stage] }),
  });
  const bumperInputs = [bumpers.intro, bumpers.outro]
    .filter((input) => input !== undefined)
    .map(({ path, label }) => ({ path, inputLabel: label }));
  const { summary } = await runtime.concatRenderChunks({
    chunks: chunks.map(({ path }, index) => {
      const chunk = plan.chunks[index];
      if (chunk === undefined) throw new InternalError(`The plan has no chunk ${index} to join`);
      return { path, durationSec: chunkFileSec({ chunk, branding, timeline }) };
    }),
    audio: {
      inputs: [{ path: render.sourcePath, inputLabel: render.sourceLabel }, ...bumperInputs],
      ...audio,
    },
    scratchDir,
    output,
    expectedDurationSec:
      bumperSec(branding.intro, timeline) +
      plan.mainDurationSec +
      bumperSec(branding.outro, timeline),
    audioBitrateKbps: options.audio.bitrateKbps,
    onProgress: ({ percent }) => render.onProgress(percent),
    ...operation,
  });
  return { summary, size: { width: source.width, height: source.height } };
}
