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
import { buildTranscodeResult, DOCUMENT_NAMES } from './transcode-result';
import { extractPictures } from './version-pictures';
import { measureOutputLoudness } from './output-loudness';

/** extractPoster's default bound (1280 × 1280): a rung this large gives every picture at full size. */
const POSTER_MAX_SIDE_PX = 1280;
import { removeExpiredVersions, supersede, versionKey } from './version-folders';
import type { MediaTranscoderOptions } from './transcoder-options';

type CompleteContext = Pick<
  StepContext<MediaTranscoderOptions>,
  'job' | 'manifest' | 'dependencies' | 'observability' | 'signal'
>;

/**
 * What follows the encodes, in one process or after the chunks' join: the progressive MP4 (the
 * top rung remuxed with the shared sound, +faststart), the pictures (poster, thumbnails, sprite,
 * storyboard) from the smallest rung of at least 1280 px (else the top one) and the loudness of
 * the output's sound, all three at once; the captions, the HLS master
 * and the DASH MPD over the same segments; everything published in version folder `version`
 * (the master last) and the result recorded, older versions past their retention removed.
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
  reportProgress,
}: {
  context: CompleteContext;
  inputs: TranscodeInputs;
  encoded: EncodedLadder;
  work: RenditionWork;
  version: string;
  chunkCount: number;
  published?: ReadonlyMap<string, StoredObject>;
  reportProgress: (update: ProgressUpdate) => void;
}): Promise<StepOutcome> {
  const { options, source } = inputs;
  const { runtime, storage } = dependencies;
  const { operation, workDir } = work;
  const top = encoded.video[0];
  const outDir = join(workDir, 'out');
  await mkdir(join(outDir, 'thumbnails'), { recursive: true });

  // The pictures are read from the smallest rung whose long side reaches the poster's largest
  // size: a 720p rung instead of the 1080p one decodes in about half the time, the same pictures.
  const pictureRung =
    [...encoded.video]
      .reverse()
      .find(({ rung }) => Math.max(rung.width, rung.height) >= POSTER_MAX_SIDE_PX) ?? top;
  // Remux, pictures and loudness read different files and do not depend on each other: they run
  // at once (the remux is I/O, loudness decodes only the sound), so the step waits for the longest.
  let done = 0;
  const finished = (label: string) => {
    done += 1;
    reportProgress({ percent: 20 * done + 20, label });
  };
  const [mp4, pictures, loudness] = await Promise.all([
    top === undefined
      ? undefined
      : runtime
          .remuxProgressiveMp4({
            video: top.encodedPath,
            ...(encoded.audio === undefined ? {} : { audio: encoded.audio.encodedPath }),
            output: join(outDir, `${top.name}.mp4`),
            frameRate: inputs.ladder.frameRate,
            ...operation,
          })
          .finally(() => finished('mp4')),
    pictureRung === undefined
      ? undefined
      : extractPictures({
          work,
          input: pictureRung.encodedPath,
          inputLabel: `${pictureRung.name} of ${source.label}`,
          durationSec: pictureRung.durationSec,
          outDir,
        }).finally(() => finished('pictures')),
    encoded.audio === undefined
      ? undefined
      : measureOutputLoudness({ work, input: encoded.audio.encodedPath }).finally(() =>
          finished('loudness'),
        ),
  ]);

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
    ...[...encoded.video, ...(encoded.audio === undefined ? [] : [encoded.audio])].flatMap(
      renditionFiles,
    ),
    ...subtitleFiles,
    ...(mp4 === undefined || top === undefined
      ? []
      : [{ kind: 'renditions/mp4' as const, name: `${top.name}.mp4`, path: mp4.path }]),
    ...(pictures === undefined ? [] : pictures.files),
  ].filter(({ kind, name }) => !published.has(versionKey(job, kind, version, name)));
  const stored = await publishVersionFiles({
    job,
    storage,
    version,
    media,
    documents: [mpd, master],
    signal,
  });
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
