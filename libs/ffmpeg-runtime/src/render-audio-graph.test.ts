import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReelError } from '@reel/error-taxonomy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

// Two spans of the source's sound joined, the way an audio-only render's cut part does.
const CUT_GRAPH = [
  '[0:a]asplit=2[s0][s1]',
  '[s0]atrim=start=0:end=0.5,asetpts=PTS-STARTPTS[a0]',
  '[s1]atrim=start=1.5:end=3,asetpts=PTS-STARTPTS[a1]',
  '[a0][a1]concat=n=2:v=0:a=1[cut_a]',
].join(';');

describe('Method: renderAudioGraph', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
  });

  afterEach(async () => {
    await remove();
  });

  it('writes only the graph sound as a FLAC of the edited length', async () => {
    // Prepare
    const source = await makeClip(join(dir, 'episode.m4a'), { durationSec: 3, video: false });
    const output = join(dir, 'episode.flac');
    const percents: number[] = [];

    // Act
    const { summary } = await runtime.renderAudioGraph({
      inputs: [{ path: source, inputLabel: 'episode.m4a' }],
      filterScript: CUT_GRAPH,
      audioOut: 'cut_a',
      scratchDir: dir,
      output,
      expectedDurationSec: 2,
      onProgress: ({ percent }) => percents.push(percent),
      deadlineAtMs: Date.now() + 30_000,
    });

    // Assess
    const probed = await ffprobeJson(output);
    expect(probed.format.format_name).toBe('flac');
    expect(probed.streams.map(({ codec_type }) => codec_type)).toEqual(['audio']);
    expect(Number(probed.format.duration)).toBeCloseTo(2, 1);
    expect(summary.durationSec).toBeCloseTo(2, 1);
    expect(percents.at(-1)).toBe(100);
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['episode.flac']));
    expect(await readdir(dir)).not.toContain('render-audio-graph.txt');
  });

  it('names an unreadable source by its label and leaves no output', async () => {
    // Prepare
    const source = join(dir, 'broken.m4a');
    await makeClip(source, { durationSec: 1, video: false });
    await writeFile(source, 'not audio at all');
    const output = join(dir, 'episode.flac');

    // Act
    const error = await runtime
      .renderAudioGraph({
        inputs: [{ path: source, inputLabel: 'show.m4a' }],
        filterScript: CUT_GRAPH,
        audioOut: 'cut_a',
        scratchDir: dir,
        output,
        expectedDurationSec: 2,
        deadlineAtMs: Date.now() + 30_000,
      })
      .catch((caught: unknown) => caught);

    // Assess
    expect(isReelError(error)).toBe(true);
    expect((error as Error).message).toContain('show.m4a');
    expect(await readdir(dir)).toEqual(['broken.m4a']);
  });
});
