import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFfmpegRuntime, PINNED_FONT_NAME } from '@reel/ffmpeg-runtime';
import { renderOptionsSchema } from '@reel/media-types';
import { writeSrt, type SubtitleCue } from '@reel/transcript';
import {
  buildBumperPart,
  buildRenderGraph,
  buildSubtitleBurnPart,
  RENDER_SAMPLE_RATE_HZ,
  type RenderGraphStage,
  type RenderTimeline,
} from '../../src';

// What the chunked-render tests share: the one-pass and chunk renders, built as the app builds them.
export const runtime = createFfmpegRuntime();
export const options = renderOptionsSchema.parse({ subtitles: { mode: 'burn' } });
export const source = { width: 640, height: 360, hasAudio: true };
/** Lengths of the intro/outro clips by path. */
export const BUMPER_SEC: Record<string, number> = {};

function subtitleStage(srtPath: string): RenderGraphStage {
  return (input) =>
    buildSubtitleBurnPart({
      videoIn: input.videoOut,
      subtitlePath: srtPath,
      fontsDir: runtime.fontsDir,
      fontName: PINNED_FONT_NAME,
      frameHeight: input.height,
      style: options.subtitles,
    });
}

/** An intro or outro clip of the render, and its input index in the argv it is used in. */
export interface Bumper {
  path: string;
  index: number;
  durationSec: number;
}

/** The intro/outro stage as the app builds it: bumpers at the output's shape around the programme. */
export function bumperStage({
  intro,
  outro,
}: {
  intro?: Bumper;
  outro?: Bumper;
}): RenderGraphStage {
  const of = (bumper: Bumper) => ({
    videoIn: `${bumper.index}:v:0`,
    audioIn: `${bumper.index}:a:0`,
    durationSec: bumper.durationSec,
  });
  return (input) => ({
    ...buildBumperPart({
      main: { videoIn: input.videoOut, audioIn: input.audioOut },
      ...(intro === undefined ? {} : { intro: of(intro) }),
      ...(outro === undefined ? {} : { outro: of(outro) }),
      frame: { width: input.width, height: input.height },
      frameRate: input.frameRate,
      sampleRate: RENDER_SAMPLE_RATE_HZ,
      channelLayout: 'stereo',
    }),
    durationSec: (intro?.durationSec ?? 0) + input.durationSec + (outro?.durationSec ?? 0),
  });
}

/** Renders one timeline (the whole one, or a chunk) in its own folder, with bumpers and cues. */
export async function renderPart(
  timeline: RenderTimeline,
  {
    dir,
    name,
    input,
    cues,
    intro,
    outro,
  }: {
    /** The test's folder: the render goes in its own folder `name` inside it. */
    dir: string;
    name: string;
    input: string;
    cues?: SubtitleCue[];
    intro?: string;
    outro?: string;
  },
) {
  const scratchDir = join(dir, name);
  await mkdir(scratchDir);
  const bumpers = [intro, outro].filter((path) => path !== undefined);
  const bumperOf = (path: string | undefined) =>
    path === undefined
      ? undefined
      : { path, index: 1 + bumpers.indexOf(path), durationSec: BUMPER_SEC[path] ?? 0 };
  const stages: RenderGraphStage[] = [];
  if (bumpers.length > 0)
    stages.push(bumperStage({ intro: bumperOf(intro), outro: bumperOf(outro) }));
  if (cues !== undefined) {
    const srtPath = join(scratchDir, 'cues.srt');
    await writeFile(srtPath, writeSrt(cues), 'utf8');
    stages.push(subtitleStage(srtPath));
  }
  const graph = buildRenderGraph({ timeline, source, options, stages });
  const output = join(scratchDir, 'render.mp4');
  const run = await runtime.renderGraph({
    inputs: [input, ...bumpers].map((path) => ({ path })),
    filterScript: graph.filterScript,
    videoOut: graph.videoOut,
    audioOut: graph.audioOut,
    scratchDir,
    output,
    expectedDurationSec: graph.outputDurationSec,
    preset: 'ultrafast',
  });
  return { output, ...run };
}

export async function countFrames(path: string): Promise<number> {
  const { stdout } = await runtime.runTool({
    tool: 'ffprobe',
    binaryPath: runtime.ffprobePath,
    operation: 'test-count-frames',
    captureStdout: true,
    args: [
      ['-v', 'error', '-select_streams', 'v:0', '-count_packets'],
      ['-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', path],
    ].flat(),
  });
  return Number(stdout.trim());
}

export function streamSec(
  summary: { streams: Array<{ type: string; durationSec?: number }> },
  type: string,
) {
  return summary.streams.find((stream) => stream.type === type)?.durationSec ?? Number.NaN;
}
