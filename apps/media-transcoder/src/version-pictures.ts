import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildStoryboardVtt } from '@reel/stream-manifests';
import type { RenditionWork } from './encode-renditions';
import type { VideoRendition } from './encoded-ladder';
import type { VersionFile } from './publish-version';
import type { VersionPictures } from './transcode-result';

const PICTURE_NAMES = { poster: 'poster.jpg', storyboard: 'storyboard.vtt' } as const;

/** extractPoster's default bound (1280 × 1280): a rung this large gives the poster at full size. */
export const POSTER_MAX_SIDE_PX = 1280;
/** extractThumbnails' default thumbnail width (tiles are half of it): a rung this wide is enough. */
export const THUMBNAIL_WIDTH_PX = 320;

/** Where a picture is read from: one encoded rung of the version. */
interface PictureInput {
  work: RenditionWork;
  rendition: Pick<VideoRendition, 'name' | 'encodedPath' | 'durationSec'>;
  /** The source as the user knows it, for messages. */
  sourceLabel: string;
  /** The version's scratch output folder (`thumbnails/` is made beside the documents). */
  outDir: string;
}

/** The poster's rendition: the smallest rung whose long side reaches the poster's 1280 px, else the top. */
export function posterRendition<T extends Pick<VideoRendition, 'rung'>>(
  video: readonly T[],
): T | undefined {
  return (
    [...video]
      .reverse()
      .find(({ rung }) => Math.max(rung.width, rung.height) >= POSTER_MAX_SIDE_PX) ?? video[0]
  );
}

/**
 * Whether the thumbnails (320 px wide, tiles 160 px) can be read from this rung at full size: a
 * 480p rung (854 wide, 480 for a portrait) is enough, so the thumbnails need not wait for the
 * larger rungs — and decoding a 480p file costs about a quarter of a 1080p one.
 */
export function suitsThumbnails(rung: Pick<VideoRendition['rung'], 'width'>): boolean {
  return rung.width >= THUMBNAIL_WIDTH_PX;
}

/** The thumbnails' rendition: the smallest rung wide enough, else the top (the lowest when it suits). */
export function thumbnailRendition<T extends Pick<VideoRendition, 'rung'>>(
  video: readonly T[],
): T | undefined {
  return [...video].reverse().find(({ rung }) => suitsThumbnails(rung)) ?? video[0];
}

/** The poster of a version, from one rung. */
export async function extractPosterPicture({
  work: { runtime, operation },
  rendition,
  sourceLabel,
  outDir,
}: PictureInput): Promise<VersionFile> {
  const dir = join(outDir, 'thumbnails');
  const poster = await runtime.extractPoster({
    input: rendition.encodedPath,
    inputLabel: `${rendition.name} of ${sourceLabel}`,
    output: join(dir, PICTURE_NAMES.poster),
    durationSec: rendition.durationSec,
    ...operation,
  });
  return { kind: 'thumbnails', name: PICTURE_NAMES.poster, path: poster.path };
}

/** Thumbnails, sprite and storyboard of a version (all but the poster), from one rung. */
export async function extractThumbnailPictures({
  work: { runtime, options, operation },
  rendition,
  sourceLabel,
  outDir,
}: PictureInput): Promise<{
  files: VersionFile[];
  record: Omit<VersionPictures, 'posterName'>;
}> {
  const dir = join(outDir, 'thumbnails');
  const pictures = await runtime.extractThumbnails({
    input: rendition.encodedPath,
    inputLabel: `${rendition.name} of ${sourceLabel}`,
    outputDir: dir,
    intervalSec: options.thumbnailIntervalSec,
    durationSec: rendition.durationSec,
    ...operation,
  });
  const spriteName = basename(pictures.sprite.path);
  const storyboardPath = join(dir, PICTURE_NAMES.storyboard);
  await writeFile(
    storyboardPath,
    buildStoryboardVtt({ spriteUri: spriteName, tiles: pictures.sprite.tiles }),
  );
  const thumbnails = pictures.thumbnails.map(({ path }) => ({
    kind: 'thumbnails' as const,
    name: basename(path),
    path,
  }));
  return {
    files: [
      ...thumbnails,
      { kind: 'thumbnails', name: spriteName, path: pictures.sprite.path },
      {
        kind: 'thumbnails',
        name: PICTURE_NAMES.storyboard,
        path: storyboardPath,
        contentType: 'text/vtt',
      },
    ],
    record: {
      thumbnailNames: thumbnails.map(({ name }) => name),
      spriteName,
      storyboardName: PICTURE_NAMES.storyboard,
      intervalSec: pictures.intervalSec,
      width: pictures.width,
      height: pictures.height,
    },
  };
}

/** The poster and the thumbnails' result together, as published and recorded. */
export function versionPictures(
  poster: VersionFile,
  thumbnails: Awaited<ReturnType<typeof extractThumbnailPictures>>,
): { files: VersionFile[]; record: VersionPictures } {
  return {
    files: [poster, ...thumbnails.files],
    record: { posterName: poster.name, ...thumbnails.record },
  };
}
