import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeSummary, RenderOptions } from '@reel/media-types';
import {
  buildAudioProgramGraph,
  cuesForChunk,
  planRenderChunks,
  type RenderChunk,
  type RenderChunkPlan,
  type RenderTimeline,
} from '@reel/render-timeline';
import { writeSrt } from '@reel/transcript';
import { encodeTimeline, type RenderMainOptions } from './render-main';

/**
 * Whether the render goes in chunks: `chunking.chunkCount` forces it, else an edit longer than
 * `chunking.onePassMaxSec`. Renders with an intro or outro stay one pass (their sound would have to
 * be laid into the joined sound too; not wired yet).
 */
export function wantsChunks({
  timeline,
  options,
  branding,
}: Pick<RenderMainOptions, 'timeline' | 'options' | 'branding'>): boolean {
  const { chunkCount, onePassMaxSec } = options.chunking;
  const long = chunkCount !== undefined || timeline.mainDurationSec > onePassMaxSec;
  return long && branding.intro === undefined && branding.outro === undefined;
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
  return planRenderChunks({
    timeline,
    ...(options.chunking.chunkCount === undefined
      ? { maxChunkOutputSec: options.chunking.onePassMaxSec }
      : { chunkCount: options.chunking.chunkCount }),
  });
}

/**
 * One chunk's picture: its own graph and encode (cuts, scale, watermark, its share of the
 * burnt-in cues) into `chunk.mp4` in `chunkDir`; it starts on a keyframe (its own encode).
 * Progress is against the chunk's length.
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
  const cues =
    render.subtitles === undefined ? [] : cuesForChunk({ cues: render.subtitles.cues, chunk });
  const path = join(chunkDir, 'chunk.mp4');
  await encodeTimeline({
    render,
    timeline: chunk.timeline,
    srt: cues.length > 0 ? writeSrt(cues) : undefined,
    workDir: chunkDir,
    output: path,
  });
  return { path, durationSec: chunk.durationSec };
}

/**
 * The render from its chunks' pictures (in the scratch dir, in order): `concatRenderChunks` joins
 * them without re-encoding and encodes the whole render's sound once from its own graph, so there
 * is no seam in the sound.
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
  const { timeline, options, source, scratchDir, runtime, operation } = render;
  const audio = buildAudioProgramGraph({ timeline, source, sourceInputIndex: 1, options });
  const { summary } = await runtime.concatRenderChunks({
    chunks,
    audio: { inputs: [{ path: render.sourcePath, inputLabel: render.sourceLabel }], ...audio },
    scratchDir,
    output,
    expectedDurationSec: plan.mainDurationSec,
    audioBitrateKbps: options.audio.bitrateKbps,
    onProgress: ({ percent }) => render.onProgress(percent),
    ...operation,
  });
  return { summary, size: { width: source.width, height: source.height } };
}
