import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRemovedPreviewGraph, sourceTimecode } from '../src/build-removed-preview-graph';
import type { RemovedSpan, RenderTimeline } from '../src/render-timeline';

// Real ffmpeg on a generated 360p source: the graph runs and its output is measured.
const runtime = createFfmpegRuntime();
const FPS = 30;
const PINNED_FONT = join(import.meta.dirname, '../../ffmpeg-runtime/assets/fonts/DejaVuSans.ttf');
const SYSTEM_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

let workDir: string;
let source: string;
let fontFile: string;

const run = (tool: 'ffmpeg' | 'ffprobe', args: string[]) =>
  runtime.runTool({
    tool,
    binaryPath: tool === 'ffmpeg' ? runtime.ffmpegPath : runtime.ffprobePath,
    args: tool === 'ffmpeg' ? ['-hide_banner', '-v', 'error', '-y', ...args] : args,
    operation: 'removed-preview-test',
    captureStdout: tool === 'ffprobe',
  });

const removedSpans: RemovedSpan[] = [
  { segmentIndex: 1, reason: 'silence', sourceStartSec: 1, sourceEndSec: 2.5 },
  { segmentIndex: 3, reason: 'filler', sourceStartSec: 4, sourceEndSec: 4.5 },
  { segmentIndex: 5, reason: 'repeat', sourceStartSec: 7.2, sourceEndSec: 8 },
];
const timeline: Pick<RenderTimeline, 'frameRate' | 'removed'> = {
  frameRate: { num: FPS, den: 1 },
  removed: removedSpans,
};

/** The graph's output written with `mapArgs` (codecs, format) to `name`. */
async function renderGraph(
  name: string,
  graph: { filterScript: string; videoOut: string; audioOut: string },
  outputArgs: string[],
  { withAudio = true } = {},
) {
  const script = join(workDir, `${name}.filtergraph`);
  // A raw frame has no sound: the audio output goes to a sink.
  const sink = withAudio ? '' : `;[${graph.audioOut}]anullsink`;
  await writeFile(script, graph.filterScript + sink);
  const path = join(workDir, name);
  await run('ffmpeg', [
    ...['-i', source, '-filter_complex_script', script],
    ...['-map', `[${graph.videoOut}]`, ...(withAudio ? ['-map', `[${graph.audioOut}]`] : [])],
    ...outputArgs,
    path,
  ]);
  return path;
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'reel-removed-preview-'));
  fontFile = await access(PINNED_FONT).then(
    () => PINNED_FONT,
    () => SYSTEM_FONT,
  );
  source = join(workDir, 'source.mp4');
  await run('ffmpeg', [
    ...['-f', 'lavfi', '-i', `testsrc2=s=640x360:r=${FPS}:d=10`],
    ...['-f', 'lavfi', '-i', 'sine=f=440:r=44100:d=10'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', source],
  ]);
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('Function: buildRemovedPreviewGraph', () => {
  it('plays only the removed spans at 240p: Σ spans long within a frame each, sound kept', async () => {
    // Prepare
    const graph = buildRemovedPreviewGraph({ timeline, height: 240, fontFile, audioIn: '0:a:0' });
    if (graph === undefined) throw new Error('expected a graph');

    // Act
    const preview = await renderGraph('preview.mp4', graph, [
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac'],
    ]);

    // Assess
    const probed = JSON.parse(
      (
        await run('ffprobe', [
          ...['-v', 'error', '-count_frames', '-show_streams', '-show_format'],
          ...['-of', 'json', preview],
        ])
      ).stdout,
    ) as { streams: Array<Record<string, string | number>> };
    const video = probed.streams.find(({ codec_type }) => codec_type === 'video');
    const audio = probed.streams.find(({ codec_type }) => codec_type === 'audio');
    const expectedSec = 1.5 + 0.5 + 0.8;
    expect(graph.outputDurationSec).toBeCloseTo(expectedSec, 6);
    expect(video?.['height']).toBe(240);
    expect(Number(video?.['width']) % 2).toBe(0);
    expect(Number(video?.['width'])).toBeGreaterThanOrEqual(426);
    expect(Math.abs(Number(video?.['nb_read_frames']) - expectedSec * FPS)).toBeLessThanOrEqual(3);
    expect(Math.abs(Number(video?.['duration']) - expectedSec)).toBeLessThanOrEqual(3 / FPS);
    expect(Math.abs(Number(audio?.['duration']) - expectedSec)).toBeLessThanOrEqual(3 / FPS);
  });

  it('labels each span: the label changes pixels in its box at the top left and nowhere else', async () => {
    // Prepare: the same graph with a blank label, both as raw gray frames (no encoder noise).
    const labelled = buildRemovedPreviewGraph({ timeline, height: 240, fontFile });
    const blank = buildRemovedPreviewGraph({
      timeline,
      height: 240,
      fontFile,
      labelFor: () => ' ',
    });
    if (labelled === undefined || blank === undefined) throw new Error('expected graphs');
    const rawFrame = ['-frames:v', '1', '-pix_fmt', 'gray', '-f', 'rawvideo'];

    // Act
    const withLabel = await readFile(
      await renderGraph('labelled.gray', labelled, rawFrame, { withAudio: false }),
    );
    const without = await readFile(
      await renderGraph('blank.gray', blank, rawFrame, { withAudio: false }),
    );

    // Assess: 426×240; the label sits in the top 40 rows (font 17 px at y = 8, box 4 px).
    const width = withLabel.length / 240;
    expect(Number.isInteger(width)).toBe(true);
    let changedInBox = 0;
    let changedOutside = 0;
    for (let index = 0; index < withLabel.length; index += 1) {
      if (withLabel[index] === without[index]) continue;
      if (Math.floor(index / width) < 40) changedInBox += 1;
      else changedOutside += 1;
    }
    expect(changedInBox).toBeGreaterThan(500);
    expect(changedOutside).toBe(0);
  });

  it('returns undefined when nothing was removed, so the caller writes no preview', () => {
    // Act / Assess
    expect(
      buildRemovedPreviewGraph({ timeline: { ...timeline, removed: [] }, height: 240, fontFile }),
    ).toBeUndefined();
  });

  it('labels with the reason and source timecodes by default, escaped for the graph', () => {
    // Act
    const graph = buildRemovedPreviewGraph({ timeline, height: 240, fontFile: '/fonts/a:b.ttf' });

    // Assess
    expect(sourceTimecode(3723.5)).toBe('01:02:03.500');
    expect(graph?.filterScript).toContain(
      'text=#1 silence 00\\\\:00\\\\:01.000 - 00\\\\:00\\\\:02.500:',
    );
    expect(graph?.filterScript).toContain('fontfile=/fonts/a\\\\:b.ttf:');
    expect(graph?.filterScript).toContain('concat=n=3:v=1:a=1[rp_v][rp_a]');
  });

  it('refuses an odd height', () => {
    // Act / Assess
    expect(() => buildRemovedPreviewGraph({ timeline, height: 241, fontFile })).toThrow(TypeError);
  });
});
