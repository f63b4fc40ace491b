import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError, isReelError } from '@reel/error-taxonomy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

const AUDIO_GRAPH = '[1:a:0]aresample=48000,apad,atrim=end=4[prog_a]\n';

describe('Method: concatRenderChunks', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let chunks: Array<{ path: string; durationSec: number }>;
  let audio: { inputs: Array<{ path: string }>; filterScript: string; audioOut: string };
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
    chunks = [];
    for (const name of ['chunk-0', 'chunk-1']) {
      await mkdir(join(dir, name));
      chunks.push({
        path: await makeClip(join(dir, name, 'render.mp4'), { durationSec: 2 }),
        durationSec: 2,
      });
    }
    const source = await makeClip(join(dir, 'source.mp4'), { durationSec: 4, video: false });
    audio = { inputs: [{ path: source }], filterScript: AUDIO_GRAPH, audioOut: 'prog_a' };
  });
  afterEach(async () => remove());

  it('copies the chunks picture in order and adds the sound encoded once', async () => {
    // Prepare
    const output = join(dir, 'render.mp4');
    // Act
    const { summary } = await runtime.concatRenderChunks({
      chunks,
      audio,
      scratchDir: dir,
      output,
      expectedDurationSec: 4,
    });
    // Assess
    expect(Math.abs(summary.durationSec - 4)).toBeLessThanOrEqual(0.05);
    const probed = await ffprobeJson(output);
    expect(probed.streams.map(({ codec_name }) => codec_name)).toEqual(['h264', 'aac']);
    expect((await readdir(dir)).sort()).toEqual(['chunk-0', 'chunk-1', 'render.mp4', 'source.mp4']);
  });

  it('fails with a typed error and leaves nothing when a chunk is missing', async () => {
    const output = join(dir, 'render.mp4');
    const missing = { path: join(dir, 'chunk-1', 'absent.mp4'), durationSec: 2 };
    const failure = await runtime
      .concatRenderChunks({
        chunks: [chunks[0] ?? missing, missing],
        audio,
        scratchDir: dir,
        output,
        expectedDurationSec: 4,
      })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InternalError);
    expect((await readdir(dir)).sort()).toEqual(['chunk-0', 'chunk-1', 'source.mp4']);
  });

  it('fails with a typed error and leaves nothing when a chunk cannot be read', async () => {
    // Prepare: the demuxer stops at the unreadable chunk while the sound runs on
    const output = join(dir, 'render.mp4');
    const damaged = join(dir, 'chunk-1', 'damaged.mp4');
    await writeFile(damaged, 'not an mp4 at all');
    // Act
    const failure = await runtime
      .concatRenderChunks({
        chunks: [chunks[0] ?? { path: damaged, durationSec: 2 }, { path: damaged, durationSec: 2 }],
        audio,
        scratchDir: dir,
        output,
        expectedDurationSec: 4,
      })
      .catch((error: unknown) => error);
    // Assess
    expect(isReelError(failure)).toBe(true);
    await expect(stat(output)).rejects.toThrow();
    expect(await readdir(dir)).not.toContain('render-chunks.ffconcat');
  });

  it('refuses a joined render whose length is not the expected one, and removes it', async () => {
    const output = join(dir, 'render.mp4');
    await expect(
      runtime.concatRenderChunks({
        chunks,
        audio,
        scratchDir: dir,
        output,
        expectedDurationSec: 6,
      }),
    ).rejects.toBeInstanceOf(InternalError);
    await expect(stat(output)).rejects.toThrow();
  });

  it('refuses a chunk outside the scratch directory before running anything', async () => {
    await expect(
      runtime.concatRenderChunks({
        chunks: [{ path: '/elsewhere/chunk.mp4', durationSec: 2 }],
        audio,
        scratchDir: dir,
        output: join(dir, 'render.mp4'),
        expectedDurationSec: 2,
      }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
