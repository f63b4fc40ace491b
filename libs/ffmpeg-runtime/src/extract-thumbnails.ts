import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { assertAbsolutePath } from './assert-path';
import {
  SPRITE_FILE_NAME,
  buildThumbnailsArgs,
  thumbnailFileName,
  thumbnailPlan,
} from './build-thumbnails-args';
import { limitsOf, type MediaOperationOptions } from './operation-context';
import { probeJpegSize, probeVideoSource, type PictureContext } from './picture-context';
import { jpegByteLimit } from './picture-filters';
import { runOperation } from './run-operation';
import { spriteTiles, type SpriteTile } from './sprite-tiles';

/** Options of {@link extractThumbnails}. */
export interface ExtractThumbnailsOptions extends MediaOperationOptions {
  /** Folder the thumbnails (`thumb-00001.jpg`…) and `sprite.jpg` are written to (created if missing). */
  outputDir: string;
  /** One thumbnail at 0 and one every `intervalSec`. Default 10. */
  intervalSec?: number;
  /** Width of each thumbnail (never enlarged; height by aspect, even). Default 320. */
  thumbnailWidth?: number;
  /** Width of each sprite tile. Default 160. */
  tileWidth?: number;
  /** Columns of the sprite sheet at most. Default 10. */
  maxColumns?: number;
}

/** The written thumbnails and sprite sheet. */
export interface Thumbnails {
  intervalSec: number;
  /** In time order; thumbnail `i` is the first frame at or after `timeSec = i × intervalSec`. */
  thumbnails: Array<{ path: string; timeSec: number }>;
  /** Size of every thumbnail. */
  width: number;
  height: number;
  sprite: {
    path: string;
    width: number;
    height: number;
    columns: number;
    rows: number;
    tileWidth: number;
    tileHeight: number;
    /** One per thumbnail, same order: the `#xywh=` of a storyboard cue and its span. */
    tiles: SpriteTile[];
  };
}

// A tile's height by aspect is unknown before the run: up to 4× its width (a 9:16 portrait is
// 1.8×) is within the sheet's `-fs`.
const MAX_TILE_ASPECT = 4;

/**
 * Thumbnails every `intervalSec` (the first at 0) and a sprite sheet of smaller tiles with each
 * tile's place, in one ffmpeg pass with one decode (see `buildThumbnailsArgs`): the video is read
 * at most the duration guardrail, upright (rotation metadata) with square pixels; every picture
 * has even sides. The geometry feeds a storyboard WebVTT (`sprite.jpg#xywh=x,y,w,h`). An
 * audio-only input is an UnsupportedMediaError. Decode errors counted, deadline and signal
 * honoured; a failure removes every file it wrote and names the input by `inputLabel`.
 *
 * @example
 * const { thumbnails, sprite } = await runtime.extractThumbnails({ input, inputLabel: 'talk.mp4',
 *   outputDir: join(dir, 'thumbnails'), intervalSec: 10, durationSec: probe.durationSec, onProgress });
 * // sprite.tiles[1] → { startSec: 10, endSec: 20, x: 160, y: 0, width: 160, height: 90 }
 */
export async function extractThumbnails(
  context: PictureContext,
  {
    outputDir,
    intervalSec = 10,
    thumbnailWidth = 320,
    tileWidth = 160,
    maxColumns = 10,
    guardrails,
    ...options
  }: ExtractThumbnailsOptions,
): Promise<Thumbnails> {
  const { input, inputLabel, signal, deadlineAtMs } = options;
  assertAbsolutePath(outputDir, 'outputDir');
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  const source = await probeVideoSource(context, {
    input,
    inputLabel,
    operation: 'thumbnail',
    signal,
    deadlineAtMs,
  });
  const durationSec = Math.min(options.durationSec ?? source.durationSec, maxDurationSec);
  const { count, ...grid } = thumbnailPlan({ durationSec, intervalSec, maxColumns });
  const spritePath = join(outputDir, SPRITE_FILE_NAME);
  const maxSpriteBytes = jpegByteLimit(
    grid.columns * tileWidth,
    grid.rows * tileWidth * MAX_TILE_ASPECT,
  );
  const planned = Array.from({ length: count }, (_, index) =>
    join(outputDir, thumbnailFileName(index + 1)),
  );
  const written = [...planned, spritePath];
  await mkdir(outputDir, { recursive: true });
  // A picture left by an earlier run under a planned name would pass for one of this run's.
  await Promise.all(written.map((path) => rm(path, { force: true })));
  await runOperation({
    ...options,
    durationSec,
    operation: 'extract-thumbnails',
    args: buildThumbnailsArgs({
      input,
      outputDir,
      intervalSec,
      count,
      grid,
      thumbnailWidth,
      tileWidth,
      readLimitSec,
      maxSpriteBytes,
    }),
    outputs: written,
    decodes: true,
    maxDurationSec,
    overrunToleranceSec: 0.5,
    sizeLimitedOutput: { path: spritePath, maxBytes: maxSpriteBytes },
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  const present = new Set(await readdir(outputDir));
  const thumbnails = planned
    .map((path, index) => ({ path, timeSec: index * intervalSec }))
    .filter((_, index) => present.has(thumbnailFileName(index + 1)));
  const probeOptions = { removeOnFailure: written, signal, deadlineAtMs };
  const [first] = thumbnails;
  if (first === undefined) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw new InternalError(`ffmpeg wrote no thumbnails from ${inputLabel ?? input}`, {
      details: { input, inputLabel, outputDir, planned: count, written: thumbnails.length },
    });
  }
  const thumbnailSize = await probeJpegSize(context, first.path, probeOptions);
  const spriteSize = await probeJpegSize(context, spritePath, probeOptions);
  const tileSize = {
    tileWidth: spriteSize.width / grid.columns,
    tileHeight: spriteSize.height / grid.rows,
  };
  return {
    intervalSec,
    thumbnails,
    ...thumbnailSize,
    sprite: {
      path: spritePath,
      ...spriteSize,
      ...grid,
      ...tileSize,
      tiles: spriteTiles({
        count: thumbnails.length,
        intervalSec,
        durationSec,
        columns: grid.columns,
        ...tileSize,
      }),
    },
  };
}
