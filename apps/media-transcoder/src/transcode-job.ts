import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { FanOutPlan, StepContext, StepOutcome } from '@reel/lambda-kit';
import type { RungPlan } from '@reel/ladder';
import type { StoredObject } from '@reel/storage';
import { chunkAudioKey, chunkSourceKey, removeRunChunks } from './chunk-objects';
import { completeTranscode, subtitleVersionFiles } from './complete-transcode';
import { renditionFiles, type EncodedLadder, type VideoRendition } from './encoded-ladder';
import {
  encodeAudioRendition,
  encodeRungs,
  packageAudioRendition,
  packageVideoRendition,
  type RenditionWork,
} from './encode-renditions';
import { settleAll, settleEarlyWork, started, type EarlyWork } from './early-work';
import { measureOutputLoudness } from './output-loudness';
import { publishVersionFiles, withVersionRollback, type VersionFile } from './publish-version';
import { hlsMasterText, versionSubtitles } from './stream-documents';
import { loadTranscodeInputs, type TranscodeInputs } from './transcode-inputs';
import { storedSourceProbeOf } from './transcode-source';
import { progressPlan, rungWeight } from './transcode-progress';
import { DOCUMENT_NAMES } from './transcode-result';
import type { MediaTranscoderOptions } from './transcoder-options';
import type { PlatformLadderOf } from './platform-ladder';
import { nextVersion, versionKey } from './version-folders';
import { extractThumbnailPictures, suitsThumbnails } from './version-pictures';

type TranscodeContext = StepContext<MediaTranscoderOptions>;

/**
 * The `media-transcoder` step's prepare phase: the render (else the input) → an adaptive ladder
 * encoded once per rung in one process, packaged once into CMAF segments that an HLS master and a
 * DASH MPD both reference, a progressive MP4, pictures and the loudness, published in a new
 * version folder and recorded as `results.transcode`. With `lowestRungFirst` and more than one
 * rung, the lowest rung (and the sound) is encoded first and published with a master listing it
 * alone, so the stream plays before the ladder is done. A source longer than
 * `chunkThresholdSec` is not encoded here: its sound is encoded once and stored, the chunk count
 * returned, and the workflow's Map encodes the picture in chunks (transcode-chunk-phases.ts).
 */
export async function transcodeJob(
  context: TranscodeContext,
  platformLadder: PlatformLadderOf,
): Promise<StepOutcome | FanOutPlan> {
  const { observability } = context;
  const startedAtMs = Date.now();
  return withScratchDir(
    async (scratchDir) => {
      const inputs = await loadTranscodeInputs(context, scratchDir, platformLadder);
      const work: RenditionWork = {
        runtime: context.dependencies.runtime,
        ladder: inputs.ladder,
        options: inputs.options,
        operation: inputs.operation,
        workDir: join(scratchDir, 'work'),
      };
      if (inputs.chunks.length > 1) return prepareChunks({ context, inputs, work });
      const version = nextVersion(context.manifest.results.transcode);
      return withVersionRollback(
        { job: context.job, storage: context.dependencies.storage, version, observability },
        async () => {
          const { encoded, published, early } = await encodeOneProcess({
            context,
            inputs,
            work,
            version,
            startedAtMs,
          });
          return completeTranscode({
            context,
            inputs,
            encoded,
            work,
            version,
            chunkCount: 1,
            published,
            early,
            reportProgress: (update) =>
              context.reportProgress({ ...update, percent: 90 + update.percent / 10 }),
          });
        },
      );
    },
    { observability, operation: 'media-transcoder' },
  );
}

/**
 * The chunk path's prepare: chunk objects a crashed run of this job left go, the sound is encoded
 * once from the whole source (no seams at chunk joins) and stored for the finish, and the chunk
 * count is returned for the workflow's Map; the source's probe is stored for the finish.
 */
async function prepareChunks({
  context,
  inputs,
  work,
}: {
  context: TranscodeContext;
  inputs: TranscodeInputs;
  work: RenditionWork;
}): Promise<FanOutPlan> {
  const { job, dependencies, observability, signal, reportProgress } = context;
  await removeRunChunks({ context, allRuns: true });
  // The finish packages the chunks from this probe: it never downloads the source again.
  await dependencies.storage.putStream({
    key: chunkSourceKey(job),
    body: Readable.from([
      JSON.stringify(await storedSourceProbeOf(dependencies.storage, inputs.source)),
    ]),
    contentType: 'application/json',
    signal,
  });
  if (inputs.ladder.audio !== undefined) {
    const audio = await encodeAudioRendition(work, {
      input: inputs.source.path,
      inputLabel: inputs.source.label,
      onProgress: (percent) => reportProgress({ percent: percent / 20, label: 'audio' }),
    });
    await dependencies.storage.putFile({
      key: chunkAudioKey(job),
      path: audio.encodedPath,
      contentType: 'audio/mp4',
      signal,
    });
  }
  observability.logger.info('Transcoding in chunks', {
    chunks: inputs.chunks.length,
    durationSec: inputs.source.probe.durationSec,
    rungs: inputs.ladder.video.map(({ name }) => name),
  });
  return { chunkCount: inputs.chunks.length };
}

/**
 * One process per pass: the sound and the lowest rung first (published at once with a master
 * listing it alone) and then every other rung in one more process — or, without
 * `lowestRungFirst` or with one rung, all rungs in one process. Returns the packaged renditions
 * and the files already published. Progress: the whole step's 0–90 % by encode cost (pixels).
 */
async function encodeOneProcess({
  context,
  inputs,
  work,
  version,
  startedAtMs,
}: {
  context: TranscodeContext;
  inputs: TranscodeInputs;
  work: RenditionWork;
  version: string;
  /** When the step started: the time to playable is logged from it. */
  startedAtMs: number;
}): Promise<{
  encoded: EncodedLadder;
  published: ReadonlyMap<string, StoredObject>;
  early: EarlyWork;
}> {
  const { reportProgress } = context;
  const { ladder, options, source } = inputs;
  const rungs = ladder.video;
  const lowest = rungs.at(-1);
  const lowestFirst = options.lowestRungFirst && rungs.length > 1 && lowest !== undefined;
  const passes = lowestFirst ? [[lowest], rungs.slice(0, -1)] : [rungs];
  const passNames = passes.map((pass) => pass.map(({ name }) => name).join('+'));
  const pixels = (pass: readonly RungPlan[]) =>
    pass.reduce((sum, rung) => sum + rungWeight(rung), 0);
  const progress = progressPlan([
    { name: 'audio', weight: ladder.audio === undefined ? 0 : 0.1 * Math.max(1, pixels(rungs)) },
    ...passes.map((pass, index) => ({ name: passNames[index] ?? '', weight: pixels(pass) })),
  ]);
  const report = (phase: string) => (percent: number) => {
    const update = progress.scale(phase, percent);
    reportProgress({ ...update, percent: (update.percent * 90) / 100 });
  };
  const { path: input, label: inputLabel } = source;
  const encodePass = async (index: number): Promise<VideoRendition[]> => {
    const pass = passes[index] ?? [];
    if (pass.length === 0) return [];
    const encodes = await encodeRungs(work, {
      input,
      inputLabel,
      rungs: pass,
      expectedDurationSec: source.probe.durationSec,
      onProgress: report(passNames[index] ?? ''),
    });
    return Promise.all(encodes.map((encode) => packageVideoRendition(work, encode)));
  };
  const early: EarlyWork = {};
  // Thumbnails read from the lowest rung (when it is wide enough) start as soon as it is encoded.
  const thumbnailsEarly = lowestFirst && suitsThumbnails(lowest);
  try {
    // The sound encode is light: it runs beside the first pass, not before it, and its loudness
    // is measured as soon as it is encoded.
    const [audio, first] = await settleAll([
      ladder.audio === undefined
        ? Promise.resolve(undefined)
        : encodeAudioRendition(work, { input, inputLabel, onProgress: report('audio') }).then(
            (encoded) => {
              early.loudness = started(measureOutputLoudness({ work, input: encoded.encodedPath }));
              return packageAudioRendition(work, encoded);
            },
          ),
      encodePass(0),
    ]);
    const lowestRendition = first.at(-1);
    if (thumbnailsEarly && lowestRendition !== undefined) {
      early.thumbnails = started(
        extractThumbnailPictures({
          work,
          rendition: lowestRendition,
          sourceLabel: inputLabel,
          outDir: join(work.workDir, 'out'),
        }),
      );
    }
    const withAudio = audio === undefined ? {} : { audio };
    const published = lowestFirst
      ? await publishPlayable({
          context,
          inputs,
          work,
          version,
          playable: { video: first, ...withAudio },
          startedAtMs,
        })
      : new Map<string, StoredObject>();
    const later = lowestFirst ? await encodePass(1) : [];
    return { encoded: { video: [...later, ...first], ...withAudio }, published, early };
  } catch (error) {
    await settleEarlyWork(early);
    throw error;
  }
}

/**
 * Publishes what is encoded so far (the lowest rung and the sound) with a master listing only
 * it, so the stream plays while the other rungs encode; returns the objects stored by key (the
 * master is replaced by the final one).
 */
async function publishPlayable({
  context: { job, dependencies, observability, signal },
  inputs,
  work,
  version,
  playable,
  startedAtMs,
}: {
  context: TranscodeContext;
  inputs: TranscodeInputs;
  work: RenditionWork;
  version: string;
  playable: EncodedLadder;
  startedAtMs: number;
}): Promise<ReadonlyMap<string, StoredObject>> {
  const masterPath = join(work.workDir, 'playable-master.m3u8');
  // The captions travel from the first master on: a player that starts early shows them too.
  const subtitles = versionSubtitles(inputs.source.captions);
  const durationSec = Math.max(
    ...playable.video.map(({ durationSec: seconds }) => seconds),
    playable.audio?.durationSec ?? 0,
  );
  const writeDocument = async (name: string, text: string): Promise<VersionFile> => {
    const path = join(work.workDir, `playable-${name.replaceAll('/', '__')}`);
    await writeFile(path, text, { signal });
    return { kind: 'renditions/cmaf', name, path };
  };
  const subtitleFiles = await subtitleVersionFiles(subtitles, durationSec, writeDocument);
  await writeFile(
    masterPath,
    hlsMasterText({
      encoded: playable,
      segmentDurationSec: inputs.options.segmentDurationSec,
      subtitles,
    }),
    { signal },
  );
  const media = [
    ...[...playable.video, ...(playable.audio === undefined ? [] : [playable.audio])].flatMap(
      renditionFiles,
    ),
    ...subtitleFiles,
  ];
  const stored = await publishVersionFiles({
    job,
    storage: dependencies.storage,
    version,
    media,
    documents: [{ kind: 'renditions/cmaf', name: DOCUMENT_NAMES.master, path: masterPath }],
    signal,
  });
  observability.logger.info('Playable', {
    version,
    renditions: playable.video.map(({ name }) => name),
    masterKey: versionKey(job, 'renditions/cmaf', version, DOCUMENT_NAMES.master),
    objects: stored.size,
    // Time to playable: from the step's start until a master with a complete rendition is stored.
    sinceStepStartMs: Date.now() - startedAtMs,
    mediaDurationSec: inputs.source.probe.durationSec,
  });
  return stored;
}
