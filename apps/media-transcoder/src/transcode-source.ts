import { join } from 'node:path';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import { fetchJobInput } from '@reel/lambda-kit';
import { requireJobInput, type JobManifest } from '@reel/manifest';
import * as z from 'zod';
import { ConflictError } from '@reel/error-taxonomy';
import { probeSummarySchema, type ProbeSummary } from '@reel/media-types';
import type { MediaStorage } from '@reel/storage';
import type { OperationBounds } from './operation-bounds';

/** What the transcoder packages, in the scratch dir and probed. */
export interface TranscodeSource {
  /** `render`: the render step's output (its video, or an audio-only render's MP3); `input`: the job's input. */
  origin: 'render' | 'input';
  key: string;
  path: string;
  /** The source as the user knows it, for messages. */
  label: string;
  probe: ProbeSummary;
  /** The captions on the source's timeline, when there are. */
  captions?: { key: string; path: string; language: string };
}

/**
 * The captions' language as a subtitle rendition names it: the primary subtag of the
 * transcript's (`en-US` → `en`), `und` when no transcript says.
 */
function captionLanguage(manifest: JobManifest): string {
  const tag = manifest.results.transcript?.language.split('-')[0]?.toLowerCase();
  return tag !== undefined && /^[a-z]{2,3}$/.test(tag) ? tag : 'und';
}

/** The source as the chunk path's finish knows it: everything but the file (it is not downloaded). */
export type TranscodeSourceFacts = Omit<TranscodeSource, 'path'>;

/**
 * What the prepare phase of a chunked transcode stores for its finish: the source's probe and the
 * stored object it was made from (key, size, ETag), so the finish packages the chunks without
 * downloading the source again (a 4 h render is gigabytes) and refuses a source replaced mid-run.
 */
export const storedSourceProbeSchema = z.object({
  sourceKey: z.string(),
  bytes: z.number().int().nonnegative(),
  etag: z.string().optional(),
  probe: probeSummarySchema,
});

/** See {@link storedSourceProbeSchema}. */
export type StoredSourceProbe = z.infer<typeof storedSourceProbeSchema>;

/**
 * The source's object and its captions: the render's video when there is one, else an
 * audio-only render's MP3, else the job's input; the captions are the render's re-timed WebVTT
 * when the render is the source, else the transcript's (on the input's timeline), if any —
 * downloaded (they are small and every phase writes them).
 */
async function resolveSource({
  manifest,
  storage,
  scratchDir,
  signal,
}: {
  manifest: JobManifest;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}) {
  const render = manifest.results.render;
  const renderKey = render?.videoKey ?? render?.mp3Key;
  const captionsKey =
    renderKey === undefined ? manifest.results.transcript?.vttKey : render?.vttKey;
  const captions =
    captionsKey === undefined
      ? undefined
      : {
          key: captionsKey,
          path: await download(
            storage,
            captionsKey,
            join(scratchDir, 'source', 'captions.vtt'),
            signal,
          ),
          language: captionLanguage(manifest),
        };
  const withCaptions = captions === undefined ? {} : { captions };
  if (renderKey !== undefined) {
    const label = renderKey.slice(renderKey.lastIndexOf('/') + 1);
    return { origin: 'render' as const, key: renderKey, label, withCaptions };
  }
  const input = requireJobInput(manifest);
  return { origin: 'input' as const, key: input.key, label: input.fileName, input, withCaptions };
}

/**
 * The source the transcoder packages, downloaded and probed (see `resolveSource` for which); the
 * job's input is SHA-256 checked and the validate step's probe reused.
 */
export async function loadTranscodeSource({
  manifest,
  storage,
  runtime,
  scratchDir,
  operation,
}: {
  manifest: JobManifest;
  storage: MediaStorage;
  runtime: FfmpegRuntime;
  scratchDir: string;
  operation: OperationBounds;
}): Promise<TranscodeSource> {
  const { signal, deadlineAtMs, observability } = operation;
  const { origin, key, label, input, withCaptions } = await resolveSource({
    manifest,
    storage,
    scratchDir,
    signal,
  });
  if (input === undefined) {
    const path = await download(storage, key, join(scratchDir, 'source', label), signal);
    const probe = await runtime.probe({ input: path, deadlineAtMs, signal, observability });
    return { origin, key, path, label, probe, ...withCaptions };
  }
  const path = await fetchJobInput({ storage, input, scratchDir, signal });
  // The validate step stored the probe of these very bytes (fetchJobInput checks their sha256).
  const probe =
    input.probe ?? (await runtime.probe({ input: path, deadlineAtMs, signal, observability }));
  return { origin, key, path, label, probe, ...withCaptions };
}

/** The record the prepare phase stores for the finish (see {@link storedSourceProbeSchema}). */
export async function storedSourceProbeOf(
  storage: MediaStorage,
  source: TranscodeSource,
): Promise<StoredSourceProbe> {
  const { bytes, etag } = await storage.head({ key: source.key });
  return {
    sourceKey: source.key,
    bytes,
    ...(etag === undefined ? {} : { etag }),
    probe: source.probe,
  };
}

/**
 * The source as the finish phase needs it (no file): which it is and its captions as
 * {@link loadTranscodeSource} resolves them, with the probe the prepare phase stored — checked to
 * be of the same stored object (key, size and ETag), else a ConflictError: the source was
 * replaced while its chunks were encoded, and they would be packaged under the wrong probe.
 */
export async function loadTranscodeSourceFacts({
  manifest,
  storage,
  scratchDir,
  stored,
  signal,
}: {
  manifest: JobManifest;
  storage: MediaStorage;
  scratchDir: string;
  stored: StoredSourceProbe;
  signal: AbortSignal;
}): Promise<TranscodeSourceFacts> {
  const { origin, key, label, withCaptions } = await resolveSource({
    manifest,
    storage,
    scratchDir,
    signal,
  });
  const now = await storage.head({ key });
  const same =
    stored.sourceKey === key &&
    stored.bytes === now.bytes &&
    (stored.etag === undefined || now.etag === undefined || stored.etag === now.etag);
  if (!same) {
    throw new ConflictError("The transcode's source changed since it was split into chunks", {
      details: {
        sourceKey: key,
        preparedSourceKey: stored.sourceKey,
        bytes: now.bytes,
        preparedBytes: stored.bytes,
      },
      advice: 'Transcode again: the source was replaced during the run.',
    });
  }
  return { origin, key, label, probe: stored.probe, ...withCaptions };
}

async function download(
  storage: MediaStorage,
  key: string,
  path: string,
  signal: AbortSignal,
): Promise<string> {
  await storage.getToFile({ key, path, signal });
  return path;
}
