import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeSummary } from '@reel/media-types';
import {
  buildAudioProgramGraph,
  cuesForChunk,
  planRenderChunks,
  type RenderChunkPlan,
} from '@reel/render-timeline';
import { writeSrt } from '@reel/transcript';
import { burnInStage } from './burn-in-stage';
import { composeRenderGraph, renderInputs } from './compose-graph';
import type { RenderMainOptions } from './render-main';

// Share of the step's render progress the chunk encodes take; the join (sound encode) the rest.
const CHUNKS_SHARE = 0.9;

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
 * The chunked render: the timeline split at piece joins (`planRenderChunks`), each chunk's picture
 * rendered by its own graph and encode (cuts, scale, watermark, its share of the burnt-in cues),
 * one after another in this invocation, then `concatRenderChunks` joins the pictures without
 * re-encoding them and encodes the whole render's sound once from its own graph, so there is no
 * seam in the sound. Each chunk starts on a keyframe (its own encode).
 */
export async function renderChunked(
  render: RenderMainOptions & { output: string },
): Promise<{ summary: ProbeSummary; size: { width: number; height: number } }> {
  const { timeline, options, source, subtitles, scratchDir, runtime, operation } = render;
  const plan: RenderChunkPlan = planRenderChunks({
    timeline,
    ...(options.chunking.chunkCount === undefined
      ? { maxChunkOutputSec: options.chunking.onePassMaxSec }
      : { chunkCount: options.chunking.chunkCount }),
  });
  operation.observability.logger.info('Rendering in chunks', {
    chunks: plan.chunks.length,
    mainDurationSec: plan.mainDurationSec,
  });
  const rendered: Array<{ path: string; durationSec: number }> = [];
  let doneSec = 0;
  let size = { width: source.width, height: source.height };
  for (const chunk of plan.chunks) {
    const chunkDir = join(scratchDir, `chunk-${chunk.index}`);
    await mkdir(chunkDir, { recursive: true });
    const cues = subtitles === undefined ? [] : cuesForChunk({ cues: subtitles.cues, chunk });
    const graph = composeRenderGraph({
      timeline: chunk.timeline,
      source,
      options,
      branding: render.branding,
      subtitleStage: await burnInStage({
        srt: cues.length > 0 ? writeSrt(cues) : undefined,
        options,
        path: join(chunkDir, 'burn-in.srt'),
        fontsDir: runtime.fontsDir,
      }),
    });
    const path = join(chunkDir, 'chunk.mp4');
    const startSec = doneSec;
    await runtime.renderGraph({
      inputs: renderInputs(render),
      filterScript: graph.filterScript,
      scratchDir: chunkDir,
      videoOut: graph.videoOut,
      audioOut: graph.audioOut,
      output: path,
      expectedDurationSec: graph.outputDurationSec,
      preset: options.video.preset,
      crf: options.video.crf,
      audioBitrateKbps: options.audio.bitrateKbps,
      onProgress: ({ percent }) =>
        render.onProgress(
          ((startSec + (chunk.durationSec * percent) / 100) / plan.mainDurationSec) *
            CHUNKS_SHARE *
            100,
        ),
      ...operation,
    });
    doneSec += chunk.durationSec;
    size = graph;
    rendered.push({ path, durationSec: chunk.durationSec });
  }
  const audio = buildAudioProgramGraph({ timeline, source, sourceInputIndex: 1, options });
  const { summary } = await runtime.concatRenderChunks({
    chunks: rendered,
    audio: { inputs: [{ path: render.sourcePath, inputLabel: render.sourceLabel }], ...audio },
    scratchDir,
    output: render.output,
    expectedDurationSec: plan.mainDurationSec,
    audioBitrateKbps: options.audio.bitrateKbps,
    onProgress: ({ percent }) =>
      render.onProgress(CHUNKS_SHARE * 100 + (1 - CHUNKS_SHARE) * percent),
    ...operation,
  });
  return { summary, size };
}
