import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TimeoutError, UnsupportedMediaError } from '@reel/error-taxonomy';
import { createTempDir, makeClip } from '../tests/support/media-fixtures';
import { pixelFormatOf, sizeOf } from '../tests/support/picture-probes';
import { buildThumbnailsArgs, thumbnailPlan } from './build-thumbnails-args';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { spriteTiles, type SpriteTile } from './sprite-tiles';

// prettier-ignore
const ffmpeg = (args: string[]) => execa('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', ...args, '-y']);

/**
 * SSIM (luma and chroma, ffmpeg's `ssim` "All") of one tile cropped from the sprite against the
 * source's frame at `timeSec` (accurate seek: the first frame at or after it, as the thumbnails
 * pick) scaled to the tile's size. SSIM compares structure, not exact pixels, so two JPEG passes
 * of the same frame stay near 1 while a different frame of the same pattern falls well below.
 */
async function tileSimilarity(
  spritePath: string,
  tile: SpriteTile,
  source: string,
  timeSec: number,
): Promise<number> {
  const { x, y, width, height } = tile;
  // prettier-ignore
  const { stderr } = await execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-i', spritePath,
    '-ss', String(timeSec), '-i', source, '-filter_complex',
    `[0:v]crop=${width}:${height}:${x}:${y},format=yuv420p[tile];` +
    `[1:v:0]trim=end_frame=1,scale=${width}:${height},setsar=1,format=yuv420p[frame];[tile][frame]ssim`,
    '-f', 'null', '-']);
  const all = / All:([\d.]+)/.exec(stderr)?.[1];
  if (all === undefined) throw new Error(`no SSIM in:\n${stderr}`);
  return Number(all);
}

describe('Function: thumbnailPlan', () => {
  it('plans one thumbnail at 0 and one per started interval, in at most maxColumns columns', () => {
    // Act & Assess
    expect(thumbnailPlan({ durationSec: 2, intervalSec: 10, maxColumns: 10 })).toEqual({
      count: 1,
      columns: 1,
      rows: 1,
    });
    expect(thumbnailPlan({ durationSec: 30, intervalSec: 10, maxColumns: 10 })).toMatchObject({
      count: 3,
    });
    expect(thumbnailPlan({ durationSec: 125, intervalSec: 10, maxColumns: 10 })).toEqual({
      count: 13,
      columns: 10,
      rows: 2,
    });
    expect(() => thumbnailPlan({ durationSec: 5, intervalSec: 0, maxColumns: 10 })).toThrow(
      /intervalSec/,
    );
  });
});

describe('Function: spriteTiles', () => {
  it('lays tiles out row by row and ends the last at the duration', () => {
    // Act
    const tiles = spriteTiles({
      count: 3,
      intervalSec: 10,
      durationSec: 25,
      columns: 2,
      tileWidth: 160,
      tileHeight: 90,
    });

    // Assess
    expect(tiles).toEqual([
      { startSec: 0, endSec: 10, x: 0, y: 0, width: 160, height: 90 },
      { startSec: 10, endSec: 20, x: 160, y: 0, width: 160, height: 90 },
      { startSec: 20, endSec: 25, x: 0, y: 90, width: 160, height: 90 },
    ]);
  });
});

describe('Function: buildThumbnailsArgs', () => {
  const base = {
    input: '/job/in.mp4',
    outputDir: '/job/thumbs',
    intervalSec: 10,
    count: 3,
    grid: { columns: 3, rows: 1 },
    thumbnailWidth: 320,
    tileWidth: 160,
  };

  it('selects, splits and tiles in one graph with both outputs bounded', () => {
    // Act
    const args = buildThumbnailsArgs({ ...base, readLimitSec: 61, maxSpriteBytes: 2_000_000 });

    // Assess
    const graph = args[args.indexOf('-filter_complex') + 1];
    expect(graph).toContain("select='gte(t,selected_n*10)'");
    expect(graph).toContain('split=2');
    expect(graph).toContain('tile=layout=3x1');
    expect(args.slice(0, 5)).toEqual(['-y', '-t', '61.000000', '-i', '/job/in.mp4']);
    expect(args.join(' ')).toContain(
      '-frames:v 3 -start_number 1 -f image2 /job/thumbs/thumb-%05d.jpg',
    );
    // prettier-ignore
    expect(args.slice(-7)).toEqual(['-frames:v', '1', '-fs', '2000000', '-f', 'mjpeg', '/job/thumbs/sprite.jpg']);
  });

  it('refuses odd widths, a folder with % and more thumbnails than the grid holds', () => {
    // Act & Assess
    expect(() => buildThumbnailsArgs({ ...base, thumbnailWidth: 321 })).toThrow(/thumbnailWidth/);
    expect(() => buildThumbnailsArgs({ ...base, outputDir: '/job/100%' })).toThrow(/%/);
    expect(() => buildThumbnailsArgs({ ...base, count: 4 })).toThrow(/count/);
  });
});

describe('Operation: extractThumbnails', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let source: string;
  const runtime = createFfmpegRuntime();

  beforeAll(async () => {
    ({ dir, remove } = await createTempDir());
    // 25 s of a moving pattern with the time drawn large: every 5 s looks different.
    source = join(dir, 'moving.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=25', '-vf',
      `drawtext=fontfile=${runtime.fontFile}:text='%{pts\\:hms}':fontsize=96:x=(w-tw)/2:y=(h-th)/2:box=1`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', source]);
  });
  afterAll(async () => remove());

  it("writes a thumbnail every 5 s and a sprite whose every tile matches the source's frame at its start", async () => {
    // Prepare
    const outputDir = join(dir, 'every-5s');

    // Act
    const result = await runtime.extractThumbnails({
      input: source,
      outputDir,
      intervalSec: 5,
      maxColumns: 3,
      durationSec: 25,
    });

    // Assess: 0, 5, 10, 15, 20 → 5 thumbnails 320×180, a 3×2 sheet of 160×90 tiles.
    expect(result.thumbnails.map(({ timeSec }) => timeSec)).toEqual([0, 5, 10, 15, 20]);
    expect((await readdir(outputDir)).sort()).toEqual([
      'sprite.jpg',
      'thumb-00001.jpg',
      'thumb-00002.jpg',
      'thumb-00003.jpg',
      'thumb-00004.jpg',
      'thumb-00005.jpg',
    ]);
    for (const { path } of result.thumbnails) {
      expect(await sizeOf(path)).toEqual({ width: 320, height: 180 });
    }
    expect(result).toMatchObject({ width: 320, height: 180 });
    const { sprite } = result;
    expect(await sizeOf(sprite.path)).toEqual({ width: sprite.width, height: sprite.height });
    expect(sprite).toMatchObject({
      width: 480,
      height: 180,
      columns: 3,
      rows: 2,
      tileWidth: 160,
      tileHeight: 90,
    });
    expect(sprite.tiles[4]).toEqual({
      startSec: 20,
      endSec: 25,
      x: 160,
      y: 90,
      width: 160,
      height: 90,
    });

    const matching = await Promise.all(
      sprite.tiles.map((tile) => tileSimilarity(sprite.path, tile, source, tile.startSec)),
    );
    // The neighbour's frame (5 s later, or earlier for the last tile): the test can fail.
    const wrong = await Promise.all(
      sprite.tiles.map((tile, index) =>
        tileSimilarity(sprite.path, tile, source, index === 4 ? 15 : tile.startSec + 5),
      ),
    );
    for (const [index, similarity] of matching.entries()) {
      expect(similarity).toBeGreaterThan(0.9);
      expect(similarity - (wrong[index] ?? 1)).toBeGreaterThan(0.1);
    }
  });

  it('writes exactly one thumbnail for a 2 s black source at the default 10 s interval', async () => {
    // Prepare: black, whose tiny JPEG ffprobe reads as jpeg_pipe, not image2.
    const short = join(dir, 'short.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'color=black:size=320x240:rate=25:duration=2', '-c:v', 'libx264',
      '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', short]);

    // Act
    const result = await runtime.extractThumbnails({ input: short, outputDir: join(dir, 'short') });

    // Assess
    expect(result.intervalSec).toBe(10);
    expect(result.thumbnails).toHaveLength(1);
    expect(result.sprite.tiles).toEqual([
      { startSec: 0, endSec: 2, x: 0, y: 0, width: 160, height: 120 },
    ]);
    expect(await readdir(join(dir, 'short'))).toHaveLength(2);
  });

  it('lists only the frames that exist when the claimed duration plans one more, ignoring a stale file', async () => {
    // Prepare: 25.5 s claimed plans 6 thumbnails at 5 s; the 25 s video has frames for 5.
    const outputDir = join(dir, 'claimed-longer');
    await mkdir(outputDir);
    await writeFile(join(outputDir, 'thumb-00006.jpg'), 'left by an earlier run');

    // Act
    const result = await runtime.extractThumbnails({
      input: source,
      outputDir,
      intervalSec: 5,
      durationSec: 25.5,
    });

    // Assess
    expect(result.thumbnails.map(({ timeSec }) => timeSec)).toEqual([0, 5, 10, 15, 20]);
    expect(result.sprite.tiles).toHaveLength(5);
    expect(result.sprite).toMatchObject({ columns: 6, rows: 1, width: 960 });
    expect(await readdir(outputDir)).not.toContain('thumb-00006.jpg');
  });

  it('makes upright, even-sized pictures from odd dimensions and rotation metadata', async () => {
    // Prepare: 321×241, and 640×360 stored with a 90° rotation (shown as 360×640).
    const odd = await makeClip(join(dir, 'odd.mp4'), {
      durationSec: 1,
      width: 321,
      height: 241,
      extraArgs: ['-pix_fmt', 'yuv444p'],
    });
    const rotated = join(dir, 'rotated.mp4');
    await ffmpeg(['-i', source, '-t', '3', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', rotated]);

    // Act
    const fromOdd = await runtime.extractThumbnails({ input: odd, outputDir: join(dir, 'odd') });
    const fromRotated = await runtime.extractThumbnails({
      input: rotated,
      outputDir: join(dir, 'rot'),
    });

    // Assess
    expect(await sizeOf(fromOdd.thumbnails[0]?.path ?? '')).toEqual({ width: 320, height: 240 });
    expect(fromOdd.sprite).toMatchObject({ tileWidth: 160, tileHeight: 120 });
    // A 4:4:4 source still gives the 4:2:0 JPEGs every player decodes.
    expect(await pixelFormatOf(fromOdd.sprite.path)).toBe('yuvj420p');
    expect(await pixelFormatOf(fromOdd.thumbnails[0]?.path ?? '')).toBe('yuvj420p');
    expect(await sizeOf(fromRotated.thumbnails[0]?.path ?? '')).toEqual({
      width: 320,
      height: 568,
    });
    expect(fromRotated.sprite).toMatchObject({ tileWidth: 160, tileHeight: 284 });
  });

  it('removes every picture it wrote when stopped mid-run with a TimeoutError', async () => {
    // Prepare: stop once 5 s are decoded, when about 5 thumbnails are out.
    const outputDir = join(dir, 'stopped');
    const controller = new AbortController();

    // Act
    const failure = runtime.extractThumbnails({
      input: source,
      outputDir,
      intervalSec: 1,
      durationSec: 25,
      signal: controller.signal,
      onProgress: ({ outTimeSec = 0 }) => {
        if (outTimeSec >= 5) controller.abort();
      },
    });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(TimeoutError);
    expect(await readdir(outputDir)).toEqual([]);
  });

  it('refuses an audio-only input with an UnsupportedMediaError naming it, writing nothing', async () => {
    // Prepare
    const audio = await makeClip(join(dir, 'talk.m4a'), {
      video: false,
      extraArgs: ['-c:a', 'aac'],
    });
    const outputDir = join(dir, 'none');

    // Act
    const failure = runtime.extractThumbnails({ input: audio, inputLabel: 'talk.m4a', outputDir });

    // Assess
    await expect(failure).rejects.toBeInstanceOf(UnsupportedMediaError);
    await expect(failure).rejects.toThrow(/talk\.m4a has no video stream/);
    await expect(readdir(outputDir)).rejects.toThrow(/ENOENT/);
  });
});
