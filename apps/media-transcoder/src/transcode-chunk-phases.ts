import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConflictError, InputMissingError, InternalError } from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { AbandonContext, ChunkContext, FanOutContext, StepOutcome } from '@reel/lambda-kit';
import type { TranscodeChunk } from '@reel/ladder';
import { chunkAudioKey, chunkRungKey, chunkSourceKey, removeRunChunks } from './chunk-objects';
import { completeTranscode } from './complete-transcode';
import {
  encodeRungs,
  packageAudioRendition,
  packageVideoRendition,
  type RenditionWork,
} from './encode-renditions';
import { withVersionRollback } from './publish-version';
import { loadFinishInputs, loadTranscodeInputs, type TranscodeInputs } from './transcode-inputs';
import {
  storedSourceProbeSchema,
  type StoredSourceProbe,
  type TranscodeSourceFacts,
} from './transcode-source';
import { withinRange } from './transcode-progress';
import type { MediaTranscoderOptions } from './transcoder-options';
import type { PlatformLadderOf } from './platform-ladder';
import { nextVersion } from './version-folders';

/**
 * The step's percent the chunk Tasks cover (each reports its own chunk's, the CLI shows the
 * furthest); the prepare's sound encode is before it, the finish Task (join, package, MP4,
 * pictures, publish) after.
 */
const CHUNKS_FROM_PERCENT = 5;
const CHUNKS_TO_PERCENT = 85;

/**
 * The chunk plan the prepare phase fanned out on, derived again from the same inputs; if the
 * inputs changed since (options or the render edited mid-run), the chunk count differs and the
 * phase is refused rather than package a mix of two sources.
 */
function samePlan(
  inputs: TranscodeInputs<TranscodeSourceFacts>,
  chunkCount: number,
): TranscodeChunk[] {
  if (inputs.chunks.length !== chunkCount || chunkCount < 2) {
    throw new ConflictError(
      `The transcode's inputs changed since it was split into ${chunkCount} chunks`,
      {
        details: { chunkCount, chunksNow: inputs.chunks.length },
        advice: 'Transcode again: the source or the transcode options changed during the run.',
      },
    );
  }
  return inputs.chunks;
}

function workOf(
  context: { dependencies: FanOutContext<MediaTranscoderOptions>['dependencies'] },
  inputs: TranscodeInputs<TranscodeSourceFacts>,
  scratchDir: string,
): RenditionWork {
  return {
    runtime: context.dependencies.runtime,
    ladder: inputs.ladder,
    options: inputs.options,
    operation: inputs.operation,
    workDir: join(scratchDir, 'work'),
  };
}

/**
 * The `chunk` phase (one Task of the workflow's Map): every rung of chunk `chunk`'s span of the
 * source in one process (an accurate seek, keyframes on the same segment grid as one process),
 * each rung stored at {@link chunkRungKey}; progress is the chunk's own.
 */
export async function transcodeChunkPhase(
  context: ChunkContext<MediaTranscoderOptions>,
  platformLadder: PlatformLadderOf,
): Promise<{ key: string; bytes: number }> {
  const { job, dependencies, observability, reportProgress, signal } = context;
  return withScratchDir(
    async (scratchDir) => {
      const inputs = await loadTranscodeInputs(context, scratchDir, platformLadder);
      const chunk = samePlan(inputs, context.chunkCount)[context.chunk];
      if (chunk === undefined) {
        throw new ConflictError(`The transcode has no chunk ${context.chunk}`, {
          details: { chunk: context.chunk, chunkCount: context.chunkCount },
        });
      }
      const work = workOf(context, inputs, scratchDir);
      const encodes = await encodeRungs(work, {
        input: inputs.source.path,
        inputLabel: inputs.source.label,
        rungs: inputs.ladder.video,
        // The last chunk runs to the source's end, as one process would.
        span: chunk.isLast
          ? { startSec: chunk.startSec }
          : { startSec: chunk.startSec, durationSec: chunk.durationSec },
        expectedDurationSec: chunk.durationSec,
        onProgress: (percent) =>
          withinRange(reportProgress, CHUNKS_FROM_PERCENT, CHUNKS_TO_PERCENT)({ percent }),
      });
      const stored = [];
      for (const encode of encodes) {
        stored.push(
          await dependencies.storage.putFile({
            key: chunkRungKey(job, chunk.index, encode.name),
            path: encode.path,
            contentType: 'video/mp4',
            signal,
          }),
        );
      }
      const bytes = stored.reduce((sum, object) => sum + object.bytes, 0);
      observability.logger.info('Transcode chunk stored', {
        chunk: chunk.index,
        chunkCount: context.chunkCount,
        startSec: chunk.startSec,
        durationSec: chunk.durationSec,
        frames: encodes[0]?.frameCount,
        bytes,
      });
      // The Map's item names the chunk by its first rung; discardChunk removes all of them.
      const [first] = stored;
      if (first === undefined) {
        throw new InternalError('A chunk of a transcode without video rungs was asked for', {
          details: { chunk: chunk.index },
        });
      }
      return { key: first.key, bytes };
    },
    { observability, operation: 'media-transcoder:chunk' },
  );
}

/**
 * The `finish` phase (the source is not downloaded: the prepare phase's stored probe is used):
 * each rung's stored chunks downloaded and joined by stream copy, packaged
 * into the same CMAF segments as one process would write, the stored sound packaged, then the
 * MP4, pictures, documents, publish and result exactly as one process; the run's chunk objects
 * are removed once the version is published.
 */
export async function finishChunkedTranscode(
  context: FanOutContext<MediaTranscoderOptions>,
  platformLadder: PlatformLadderOf,
): Promise<StepOutcome> {
  const { job, dependencies, observability, reportProgress, signal } = context;
  const { storage, runtime } = dependencies;
  return withScratchDir(
    async (scratchDir) => {
      const inputs = await loadFinishInputs(
        context,
        scratchDir,
        platformLadder,
        await readStoredSourceProbe(context),
      );
      const chunks = samePlan(inputs, context.chunkCount);
      const work = workOf(context, inputs, scratchDir);
      const download = async (key: string, path: string) => {
        if (!(await storage.exists({ key }))) {
          throw new InputMissingError('A chunk of the transcode is not stored', {
            details: { key, chunkCount: context.chunkCount },
            advice: 'Transcode again: a chunk of this run was removed.',
          });
        }
        await storage.getToFile({ key, path, signal });
        return path;
      };
      const finishProgress = withinRange(reportProgress, CHUNKS_TO_PERCENT, 100);
      const version = nextVersion(context.manifest.results.transcode);
      const outcome = await withVersionRollback(
        { job, storage, version, observability },
        async () => {
          const audio =
            inputs.ladder.audio === undefined
              ? undefined
              : await packageAudioRendition(work, {
                  encodedPath: await download(chunkAudioKey(job), join(scratchDir, 'audio.mp4')),
                  ...(await audioFacts(work, join(scratchDir, 'audio.mp4'))),
                });
          const chunkDir = join(scratchDir, 'chunks');
          const video = [];
          for (const rung of inputs.ladder.video) {
            const parts = await Promise.all(
              chunks.map(async (chunk) => {
                const path = await download(
                  chunkRungKey(job, chunk.index, rung.name),
                  join(chunkDir, `${rung.name}-${chunk.index}.mp4`),
                );
                return { path, durationSec: await chunkLengthSec(work, chunk, path) };
              }),
            );
            const joined = await runtime.joinVideoChunks({
              inputs: parts,
              scratchDir: chunkDir,
              output: join(work.workDir, `${rung.name}.mp4`),
              frameRate: inputs.ladder.frameRate,
              ...inputs.operation,
            });
            video.push(await packageVideoRendition(work, { name: rung.name, ...joined }));
            await Promise.all(parts.map(({ path }) => rm(path, { force: true })));
          }
          finishProgress({ percent: 40, label: 'joined' });
          return completeTranscode({
            context,
            inputs,
            encoded: { video, ...(audio === undefined ? {} : { audio }) },
            work,
            version,
            chunkCount: chunks.length,
            reportProgress: withinRange(finishProgress, 40, 100),
          });
        },
      );
      const removed = await removeRunChunks({ context });
      observability.logger.info('Transcode chunks joined', { chunks: chunks.length, removed });
      return outcome;
    },
    { observability, operation: 'media-transcoder:finish' },
  );
}

/** The abandon phase (the Map's Catch): removes the chunk objects this run stored. */
export async function abandonChunkedTranscode(
  context: AbandonContext<MediaTranscoderOptions>,
): Promise<void> {
  const removed = await removeRunChunks({ context });
  context.observability.logger.info('Transcode chunks removed', { removed });
}

/** Removes the objects of one chunk that finished after its step was abandoned. */
export async function discardTranscodeChunk(
  context: AbandonContext<MediaTranscoderOptions> & { chunk: number; key: string },
): Promise<void> {
  await removeRunChunks({ context, chunk: context.chunk });
}

/** Duration, channels and rate of the stored AAC rendition (probed: it was encoded in prepare). */
async function audioFacts(work: RenditionWork, path: string) {
  const probe = await work.runtime.probe({ input: path, ...work.operation });
  const stream = probe.streams.find(({ type }) => type === 'audio');
  return {
    durationSec: stream?.durationSec ?? probe.durationSec,
    channels: stream?.channels ?? work.ladder.audio?.channels ?? 2,
    sampleRateHz: stream?.sampleRateHz ?? work.ladder.audio?.sampleRateHz ?? 48_000,
  };
}

/**
 * A stored chunk's exact length: its planned frames at the output rate; the last chunk (which
 * runs to the source's end) as probed.
 */
async function chunkLengthSec(work: RenditionWork, chunk: TranscodeChunk, path: string) {
  if (chunk.frameCount !== undefined) return chunk.frameCount / work.ladder.frameRate;
  const probe = await work.runtime.probe({ input: path, ...work.operation });
  const video = probe.streams.find(({ type }) => type === 'video');
  return video?.durationSec ?? probe.durationSec;
}

/**
 * The source's probe the prepare phase stored; missing (a prepare from before it was stored, or
 * removed) is an InputMissingError telling to transcode again, like a missing chunk.
 */
async function readStoredSourceProbe(
  context: Pick<FanOutContext<MediaTranscoderOptions>, 'job' | 'dependencies' | 'signal'>,
): Promise<StoredSourceProbe> {
  const key = chunkSourceKey(context.job);
  const { storage } = context.dependencies;
  if (!(await storage.exists({ key }))) {
    throw new InputMissingError('The source probe of the chunked transcode is not stored', {
      details: { key },
      advice: 'Transcode again: the prepare phase of this run stores it.',
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.getStream({ key, signal: context.signal })) {
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  const parsed = storedSourceProbeSchema.safeParse(document, { jitless: true });
  if (!parsed.success) {
    throw new InternalError('The stored source probe of the chunked transcode is not valid', {
      details: { key, issues: parsed.error.issues.slice(0, 5).map(({ message }) => message) },
    });
  }
  return parsed.data;
}
