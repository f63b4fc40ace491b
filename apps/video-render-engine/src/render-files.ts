import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { GuardrailOverrides } from '@reel/ffmpeg-runtime';
import type { Observability } from '@reel/observability';

/** The render's files under the job's `renders/` folder (the storage layout's names). */
export const RENDER_FILE_NAMES = {
  video: 'render.mp4',
  srt: 'render.srt',
  vtt: 'render.vtt',
  transcript: 'transcript.json',
  mp3: 'episode.mp3',
  preview: 'removed-preview.mp4',
} as const;

/** Where a render file is written in the scratch dir before it is published (folder created). */
export async function scratchOutputPath(scratchDir: string, name: string): Promise<string> {
  const dir = join(scratchDir, 'out');
  await mkdir(dir, { recursive: true });
  return join(dir, name);
}

/** What every ffmpeg run of the step is bound by: the deadline, the abort, the logs, the tenant's guardrails. */
export interface OperationBounds {
  deadlineAtMs: number;
  signal: AbortSignal;
  observability: Observability;
  guardrails?: GuardrailOverrides;
}
