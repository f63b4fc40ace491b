import { Readable } from 'node:stream';
import {
  DEFAULT_CUT_PLAN_OPTIONS,
  serializeCutPlan,
  summarizeCutPlan,
  type CutPlan,
  type CutPlanSegment,
} from '@reel/cut-plan';
import type { JobEventRef } from '@reel/lambda-kit';
import { updateManifest } from '@reel/manifest';
import { buildJobKey } from '@reel/storage';
import type { TestEnvironment } from '@reel/test-jobs';
import type { Transcript } from '@reel/transcript';
import { execa } from 'execa';

/**
 * A 640×360 25 fps H.264/AAC source of `durationSec`: testsrc2 (a picture that changes every
 * frame) and a 440 Hz tone, encoded fast.
 */
export async function generateSource(path: string, durationSec: number): Promise<void> {
  await execa('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=640x360:rate=25:duration=${durationSec}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=48000:duration=${durationSec}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-g',
    '25',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    '-y',
    path,
  ]);
}

/** A plan over `durationMs` from its segments (the rest of the document as the planner writes it). */
export function planOf(durationMs: number, segments: CutPlanSegment[]): CutPlan {
  return {
    schemaVersion: 1,
    source: { name: 'source.mp4', durationMs, frameRate: { numerator: 25, denominator: 1 } },
    mode: 'cut',
    options: { ...DEFAULT_CUT_PLAN_OPTIONS },
    usedTranscript: true,
    segments,
  };
}

/** Words every 500 ms (350 ms long) over `durationMs`, on the source's timeline. */
export function transcriptOf(durationMs: number): Transcript {
  const words = Array.from({ length: Math.floor(durationMs / 500) }, (_, index) => ({
    text: `word${index}`,
    startMs: index * 500 + 50,
    endMs: index * 500 + 400,
    confidence: 0.9,
    filler: false,
  }));
  return {
    schemaVersion: 1,
    provider: 'local-pocketsphinx',
    language: 'en-US',
    durationMs,
    words,
    segments: [],
  };
}

/**
 * A job as the planner leaves it: the input uploaded, `plan` stored as `plan/cut-plan.json` with
 * `results.plan` pointing at it (unless `plan` is undefined), and `transcript` stored with
 * `results.transcript` (when given).
 */
export async function createRenderableJob(
  environment: TestEnvironment,
  {
    jobId,
    inputPath,
    plan,
    transcript,
    tenantId = 'acme',
  }: {
    jobId: string;
    inputPath: string;
    plan?: CutPlan;
    transcript?: Transcript;
    tenantId?: string;
  },
): Promise<JobEventRef> {
  const job = await environment.createJob(jobId, inputPath, { tenantId });
  const { storage, manifests } = environment.dependencies;
  const keyOf = (kind: 'plan' | 'transcripts', name: string) => buildJobKey({ ...job, kind, name });
  const put = (key: string, text: string) =>
    storage.putStream({ key, body: Readable.from([text]) });
  if (plan !== undefined) await put(keyOf('plan', 'cut-plan.json'), serializeCutPlan(plan));
  if (transcript !== undefined) {
    await put(keyOf('transcripts', 'transcript.json'), JSON.stringify(transcript));
  }
  await updateManifest(manifests, job, (draft) => {
    if (plan !== undefined) {
      const { keptMs, removedMs, removedByReasonMs } = summarizeCutPlan(plan);
      draft.results.plan = {
        planKey: keyOf('plan', 'cut-plan.json'),
        edlKey: keyOf('plan', 'cut-plan.edl'),
        mode: plan.mode,
        keptMs,
        removedMs,
        removedByReasonMs,
        version: 1,
      };
    }
    if (transcript !== undefined) {
      draft.results.transcript = {
        transcriptKey: keyOf('transcripts', 'transcript.json'),
        srtKey: keyOf('transcripts', 'transcript.srt'),
        vttKey: keyOf('transcripts', 'transcript.vtt'),
        provider: transcript.provider,
        language: transcript.language,
        wordCount: transcript.words.length,
        fillerCount: 0,
        durationMs: transcript.durationMs,
      };
    }
    return draft;
  });
  return job;
}

/** ffmpeg with lavfi inputs, quietly; `args` are everything after `-nostdin -v error`. */
export async function ffmpeg(args: string[]): Promise<void> {
  await execa('ffmpeg', ['-nostdin', '-v', 'error', ...args]);
}
