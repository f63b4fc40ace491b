import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProgressUpdate, StepContext, StepOutcome } from '@reel/lambda-kit';
import { InternalError } from '@reel/error-taxonomy';
import type { StepOutput } from '@reel/manifest';
import type { StoredObject } from '@reel/storage';
import { renditionFiles, type EncodedLadder } from './encoded-ladder';
import type { RenditionWork } from './encode-renditions';
import { publishVersionFiles, type VersionFile } from './publish-version';
import { buildDashManifestText } from './dash-document';
import {
  hlsMasterText,
  subtitlePlaylistText,
  versionSubtitles,
  type VersionSubtitles,
} from './stream-documents';
import type { TranscodeInputs } from './transcode-inputs';
import type { TranscodeSourceFacts } from './transcode-source';
import { buildTranscodeResult, DOCUMENT_NAMES } from './transcode-result';
import {
  extractPosterPicture,
  extractThumbnailPictures,
  posterRendition,
  thumbnailRendition,
  versionPictures,
} from './version-pictures';
import { measureOutputLoudness } from './output-loudness';
import { settleAll, type EarlyWork } from './early-work';
import { removeExpiredVersions, supersede, versionKey } from './version-folders';
import type { MediaTranscoderOptions } from './transcoder-options';

type CompleteContext = Pick<
  StepContext<MediaTranscoderOptions>,
  'job' | 'manifest' | 'dependencies' | 'observability' | 'signal'
>;

/**
 * What follows the encodes, in one process or after the chunks' join: the progressive MP4 (the
 * top rung remuxed with the shared sound, +faststart), the poster (from the smallest rung of at
 * least 1280 px, else the top one), the thumbnails, sprite and storyboard (from the smallest rung
 * at least 320 px wide) and the loudness of the output's sound, all at once and beside the upload
 * of the renditions' segments (`early`: those a one-process transcode already started); the
 * captions, the HLS master and the DASH MPD over the same segments; everything published in
 * version folder `version` (the master last) and the result recorded, older versions past their
 * retention removed.
 * `published` holds the objects an early publish already stored, by key (the lowest rung first):
 * they are not stored again, and the step's outputs list them with the rest.
 */
export async function completeTranscode({
  context: { job, manifest, dependencies, observability, signal },
  inputs,
  encoded,
  work,
  version,
  chunkCount,
  published = new Map(),
  early = {},
  reportProgress,
}: {
  context: CompleteContext;
  inputs: TranscodeInputs<TranscodeSourceFacts>;
  encoded: EncodedLadder;
  work: RenditionWork;
  version: string;
  chunkCount: number;
  published?: ReadonlyMap<string, StoredObject>;
  /** Pictures and loudness a one-process transcode started before its last pass ended. */
  early?: EarlyWork;
  reportProgress: (update: ProgressUpdate) => void;
}): Promise<StepOutcome> {
  const { options, source } = inputs;
  const { runtime, storage } = dependencies;
  const { operation, workDir } = work;
  const top = encoded.video[0];
  const outDir = join(workDir, 'out');
  await mkdir(join(outDir, 'thumbnails'), { recursive: true });

  // The poster is read from the smallest rung whose long side reaches its 1280 px (720p, not
  // 1080p: half the decoding), the thumbnails from the smallest rung wide enough for them (480p:
  // they may have started beside the last pass, see EarlyWork).
  const posterRung = posterRendition(encoded.video);
  const thumbnailRung = thumbnailRendition(encoded.video);
  const pictureInput = { work, sourceLabel: source.label, outDir };
  // The renditions' media are final: they are stored while the MP4 remux, the pictures and the
  // loudness run (which read other files and do not depend on each other), so the step waits
  // for the longest of them, not their sum.
  const renditionMedia = [...encoded.video, ...(encoded.audio === undefined ? [] : [encoded.audio])]
    .flatMap(renditionFiles)
    .filter(({ kind, name }) => !published.has(versionKey(job, kind, version, name)));
  let done = 0;
  const finished = (label: string) => {
    done += 1;
    reportProgress({ percent: 20 + 15 * done, label });
  };
  const [storedMedia, mp4, poster, thumbnails, loudness] = await settleAll([
    publishVersionFiles({ job, storage, version, media: renditionMedia, signal }).finally(() =>
      finished('segments'),
    ),
    top === undefined
      ? Promise.resolve(undefined)
      : runtime
          .remuxProgressiveMp4({
            video: top.encodedPath,
            ...(encoded.audio === undefined ? {} : { audio: encoded.audio.encodedPath }),
            output: join(outDir, `${top.name}.mp4`),
            frameRate: inputs.ladder.frameRate,
            ...operation,
          })
          .finally(() => finished('mp4')),
    posterRung === undefined
      ? Promise.resolve(undefined)
      : extractPosterPicture({ ...pictureInput, rendition: posterRung }).finally(() =>
          finished('poster'),
        ),
    thumbnailRung === undefined
      ? Promise.resolve(undefined)
      : (
          early.thumbnails ??
          extractThumbnailPictures({ ...pictureInput, rendition: thumbnailRung })
        ).finally(() => finished('thumbnails')),
    encoded.audio === undefined
      ? Promise.resolve(undefined)
      : (early.loudness ?? measureOutputLoudness({ work, input: encoded.audio.encodedPath })),
  ]);
  const pictures =
    poster === undefined || thumbnails === undefined
      ? undefined
      : versionPictures(poster, thumbnails);

  const durationSec = Math.max(
    ...encoded.video.map(({ durationSec: seconds }) => seconds),
    encoded.audio?.durationSec ?? 0,
  );
  const subtitles = versionSubtitles(source.captions);
  const documentPath = (name: string) => join(outDir, name.replaceAll('/', '__'));
  const writeDocument = async (name: string, text: string): Promise<VersionFile> => {
    await writeFile(documentPath(name), text, { signal });
    return { kind: 'renditions/cmaf', name, path: documentPath(name) };
  };
  const subtitleFiles = await subtitleVersionFiles(subtitles, durationSec, writeDocument);
  const mpd = await writeDocument(
    DOCUMENT_NAMES.mpd,
    buildDashManifestText({
      encoded,
      segmentDurationSec: options.segmentDurationSec,
      durationSec,
      subtitles,
    }),
  );
  const master = await writeDocument(
    DOCUMENT_NAMES.master,
    hlsMasterText({ encoded, segmentDurationSec: options.segmentDurationSec, subtitles }),
  );

  const media: VersionFile[] = [
    ...subtitleFiles,
    ...(mp4 === undefined || top === undefined
      ? []
      : [{ kind: 'renditions/mp4' as const, name: `${top.name}.mp4`, path: mp4.path }]),
    ...(pictures === undefined ? [] : pictures.files),
  ].filter(({ kind, name }) => !published.has(versionKey(job, kind, version, name)));
  const stored = new Map([
    ...storedMedia,
    ...(await publishVersionFiles({
      job,
      storage,
      version,
      media,
      documents: [mpd, master],
      signal,
    })),
  ]);
  reportProgress({ percent: 100, label: 'published' });

  const previous = manifest.results.transcode;
  const { kept, expired } = supersede({
    previous,
    now: new Date(),
    retentionHours: options.retentionHours,
  });
  const stillStored = await removeExpiredVersions({ job, storage, expired, observability });
  const result = buildTranscodeResult({
    job,
    version,
    sourceKey: source.key,
    options,
    encoded,
    mp4Name: top === undefined ? undefined : `${top.name}.mp4`,
    subtitles,
    pictures: pictures?.record,
    loudness,
    chunkCount,
    previousVersions: [...stillStored, ...kept].sort(
      (a, b) => Number(a.version.slice(1)) - Number(b.version.slice(1)),
    ),
  });
  const outputKeys = [
    result.hlsMasterKey,
    result.dashManifestKey,
    ...result.video.map(({ playlistKey }) => playlistKey),
    ...(result.audio === undefined ? [] : [result.audio.playlistKey]),
    ...(result.subtitles === undefined
      ? []
      : [result.subtitles.playlistKey, result.subtitles.vttKey]),
    ...(result.mp4Key === undefined ? [] : [result.mp4Key]),
    ...(result.posterKey === undefined ? [] : [result.posterKey]),
    ...(result.thumbnails === undefined
      ? []
      : [result.thumbnails.spriteKey, result.thumbnails.storyboardKey]),
  ];
  // Every playlist a player or a person may open, whichever publish (early or final) stored it.
  const outputs: StepOutput[] = outputKeys.map((key) => {
    const object = stored.get(key) ?? published.get(key);
    if (object === undefined) {
      throw new InternalError('The transcode result names an object that was not stored', {
        details: { key, version },
      });
    }
    return {
      key,
      bytes: object.bytes,
      ...(object.contentType ? { contentType: object.contentType } : {}),
    };
  });
  observability.logger.info('Transcode published', {
    version,
    renditions: result.video.map(({ name }) => name),
    audio: result.audio !== undefined,
    segments: result.video[0]?.segmentCount ?? result.audio?.segmentCount,
    chunkCount,
    durationSec,
    expiredVersions: expired.map(({ version: expiredVersion }) => expiredVersion),
  });
  return { outputs, results: { transcode: result }, mediaDurationSec: durationSec };
}

/**
 * The captions' files of a version: the WebVTT and its playlist (written by `writeDocument`);
 * none without captions. The early publish stores them too, so its master can list them.
 */
export async function subtitleVersionFiles(
  subtitles: VersionSubtitles | undefined,
  durationSec: number,
  writeDocument: (name: string, text: string) => Promise<VersionFile>,
): Promise<VersionFile[]> {
  if (subtitles === undefined) return [];
  return [
    {
      kind: 'renditions/cmaf',
      name: subtitles.vttName,
      path: subtitles.vttPath,
      contentType: 'text/vtt',
    },
    await writeDocument(
      subtitles.playlistName,
      subtitlePlaylistText(subtitles.language, durationSec),
    ),
  ];
}
