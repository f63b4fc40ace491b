import { publishStepOutputs, type JobEventRef, type StepOutputFile } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import type { Observability } from '@reel/observability';
import { buildJobKey, type MediaStorage } from '@reel/storage';
import { RENDER_FILE_NAMES } from './render-files';

/** The `results.render` key fields of the files a render wrote (absent: not written this time). */
export interface RenderFileKeys {
  videoKey?: string;
  srtKey?: string;
  vttKey?: string;
  transcriptKey?: string;
  mp3Key?: string;
  previewKey?: string;
}

const keyFields = [
  ['videoKey', RENDER_FILE_NAMES.video],
  ['srtKey', RENDER_FILE_NAMES.srt],
  ['vttKey', RENDER_FILE_NAMES.vtt],
  ['transcriptKey', RENDER_FILE_NAMES.transcript],
  ['mp3Key', RENDER_FILE_NAMES.mp3],
  ['previewKey', RENDER_FILE_NAMES.preview],
] as const;

/**
 * Publishes a render's files under the job's `renders/` folder, all or none and in order (the last
 * file, the render itself, goes last, so a stored render always has its companions from the same
 * attempt beside it), removing what an earlier render left that this one did not write. Returns
 * the step outputs and the keys of what was written, for `results.render`.
 *
 * @example
 * const { outputs, keys } = await publishRenderFiles({ job, storage, scratchDir, signal, observability, files });
 */
export async function publishRenderFiles({
  job,
  storage,
  scratchDir,
  signal,
  observability,
  files,
}: {
  job: JobEventRef;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
  observability: Observability;
  files: StepOutputFile[];
}): Promise<{ outputs: StepOutput[]; keys: RenderFileKeys }> {
  const outputs = await publishStepOutputs({
    job,
    kind: 'renders',
    files,
    storage,
    scratchDir,
    signal,
    inOrder: true,
    replaceFolder: true,
    observability,
  });
  const written = new Set(files.map(({ name }) => name));
  const keys: RenderFileKeys = Object.fromEntries(
    keyFields.flatMap(([field, name]) =>
      written.has(name) ? [[field, buildJobKey({ ...job, kind: 'renders', name })]] : [],
    ),
  );
  return { outputs, keys };
}
