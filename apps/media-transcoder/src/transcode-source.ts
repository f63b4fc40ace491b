import { join } from 'node:path';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import { fetchJobInput } from '@reel/lambda-kit';
import { requireJobInput, type JobManifest } from '@reel/manifest';
import type { ProbeSummary } from '@reel/media-types';
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

/**
 * The source the transcoder packages, downloaded and probed: the render's video when there is
 * one, else an audio-only render's MP3, else the job's input (SHA-256 checked, the validate
 * step's probe reused). Its captions come with it: the render's re-timed WebVTT when the render
 * is the source, else the transcript's (which is on the input's timeline), if any.
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
    const path = await download(storage, renderKey, join(scratchDir, 'source', label), signal);
    const probe = await runtime.probe({ input: path, deadlineAtMs, signal, observability });
    return { origin: 'render', key: renderKey, path, label, probe, ...withCaptions };
  }
  const input = requireJobInput(manifest);
  const path = await fetchJobInput({ storage, input, scratchDir, signal });
  // The validate step stored the probe of these very bytes (fetchJobInput checks their sha256).
  const probe =
    input.probe ?? (await runtime.probe({ input: path, deadlineAtMs, signal, observability }));
  return {
    origin: 'input',
    key: input.key,
    path,
    label: input.fileName,
    probe,
    ...withCaptions,
  };
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
