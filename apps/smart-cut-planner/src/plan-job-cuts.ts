import { join } from 'node:path';
import { planCuts, planCutsOptionsSchema, summarizeCutPlan } from '@reel/cut-plan';
import { CorruptInputError, InputMissingError } from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { StepContext, StepOutcome } from '@reel/lambda-kit';
import { requireJobInput } from '@reel/manifest';
import * as z from 'zod';
import { planSource } from './plan-source';
import { publishPlan } from './publish-plan';
import { readTranscript } from './read-transcript';
import { planTimeline } from './plan-timeline';

/**
 * The step's key of the workflow's `options`: `cutPlan`, with every planner setting optional
 * (defaults in @reel/cut-plan). Other steps' keys, and unknown keys inside `cutPlan`, are dropped.
 */
export const smartCutPlannerOptionsSchema = z.object({
  cutPlan: planCutsOptionsSchema.prefault({}),
});

export type SmartCutPlannerOptions = z.output<typeof smartCutPlannerOptionsSchema>;

/**
 * Pauses this short and longer are detected: the planner cuts only those of `minSilenceMs`, but
 * needs the short ones to know that a brief kept stretch between two cuts holds no sound.
 */
const SHORTEST_QUIET_SEC = 0.1;

/**
 * The `smart-cut-planner` step: the job's 16 kHz WAV (and transcript, when there is one) → a cut
 * plan from silencedetect and the transcript's fillers and repeats, stored as a version
 * `plan/cut-plan.v{N}.json` and, unless the current plan was edited by hand, as the current
 * `plan/cut-plan.json`, with `cut-plan.edl` and `cut-plan.fcpxml` exports of the current plan. Everything is read and
 * written in a scratch dir that is removed on every path.
 */
export async function planJobCuts({
  job,
  options: { cutPlan: options },
  manifest,
  dependencies: { storage, runtime },
  observability,
  deadlineAtMs,
  signal,
  reportProgress,
}: StepContext<SmartCutPlannerOptions>): Promise<StepOutcome> {
  const wavKey = manifest.results.audio?.wavKey;
  if (wavKey === undefined) {
    throw new InputMissingError('The job has no 16 kHz WAV to plan cuts from', {
      details: { jobId: job.jobId },
      advice: 'Run audio-extraction for this job first; the cut planner reads its WAV.',
    });
  }
  return withScratchDir(
    async (scratchDir) => {
      const wav = join(scratchDir, 'audio-16k.wav');
      await storage.getToFile({ key: wavKey, path: wav, signal });
      const transcript = await readTranscript({ manifest, storage, scratchDir, signal });
      if (transcript === undefined) {
        observability.logger.info('Planning from silences only: the job has no transcript');
      }
      const { durationSec } = await runtime.probe({
        input: wav,
        deadlineAtMs,
        signal,
        observability,
      });
      const soundDurationMs = Math.round(durationSec * 1000);
      if (soundDurationMs <= 0) {
        throw new CorruptInputError(`The WAV ${wavKey} holds no audio`, {
          details: { key: wavKey },
          advice: 'Run audio-extraction for this job again.',
        });
      }
      const soundSilences = (
        await runtime.detectSilences({
          input: wav,
          inputLabel: wavKey,
          scratchDir,
          durationSec,
          noiseDb: options.silenceThresholdDb,
          minSilenceSec: SHORTEST_QUIET_SEC,
          onProgress: ({ percent }) => reportProgress({ percent, label: 'silencedetect' }),
          observability,
          deadlineAtMs,
          signal,
        })
      ).map(({ startSec, endSec }) => ({
        startMs: Math.round(startSec * 1000),
        endMs: Math.round(endSec * 1000),
      }));
      const { durationMs, silences } = planTimeline({
        input: requireJobInput(manifest),
        soundDurationMs,
        silences: soundSilences,
      });
      const plan = planCuts({
        durationMs,
        silences,
        words: transcript?.words,
        options,
        source: planSource(manifest),
      });
      const { outputs, result } = await publishPlan({
        proposal: plan,
        previous: manifest.results.plan,
        job,
        storage,
        scratchDir,
        observability,
        signal,
      });
      const { keptMs, removedMs, cutSegments } = summarizeCutPlan(plan);
      observability.logger.info('Cut plan written', {
        mode: plan.mode,
        usedTranscript: plan.usedTranscript,
        silences: silences.length,
        cutSegments,
        keptMs,
        removedMs,
        currentVersion: result.version,
        proposalVersion: result.proposal?.version,
      });
      return {
        outputs,
        results: { plan: result },
        mediaDurationSec: durationSec,
      };
    },
    { observability, operation: 'smart-cut-planner' },
  );
}
