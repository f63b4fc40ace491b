import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildStoryboardVtt } from '@reel/stream-manifests';
import type { RenditionWork } from './encode-renditions';
import type { VersionFile } from './publish-version';
import type { VersionPictures } from './transcode-result';

const PICTURE_NAMES = { poster: 'poster.jpg', storyboard: 'storyboard.vtt' } as const;

/** Poster, thumbnails, sprite and storyboard of the top rung, ready to publish. */
export async function extractPictures({
  work: { runtime, options, operation },
  input,
  inputLabel,
  durationSec,
  outDir,
}: {
  work: RenditionWork;
  input: string;
  inputLabel: string;
  durationSec: number;
  outDir: string;
}): Promise<{ files: VersionFile[]; record: VersionPictures }> {
  const dir = join(outDir, 'thumbnails');
  const poster = await runtime.extractPoster({
    input,
    inputLabel,
    output: join(dir, PICTURE_NAMES.poster),
    durationSec,
    ...operation,
  });
  const pictures = await runtime.extractThumbnails({
    input,
    inputLabel,
    outputDir: dir,
    intervalSec: options.thumbnailIntervalSec,
    durationSec,
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
      { kind: 'thumbnails', name: PICTURE_NAMES.poster, path: poster.path },
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
      posterName: PICTURE_NAMES.poster,
      thumbnailNames: thumbnails.map(({ name }) => name),
      spriteName,
      storyboardName: PICTURE_NAMES.storyboard,
      intervalSec: pictures.intervalSec,
      width: pictures.width,
      height: pictures.height,
    },
  };
}
