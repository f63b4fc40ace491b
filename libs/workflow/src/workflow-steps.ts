import type { ServiceName } from '@reel/service-presets';

/**
 * A step that may fan out: its Task (phase `prepare`) either finishes the step or returns
 * `{ chunked: true, chunkCount, chunks: [{ index }, …] }`; then an inline Map runs one Task per
 * chunk (phase `chunk`, at most `maxConcurrency` at once) and a last Task (phase `finish`) joins
 * them and records the step. A failed chunk is caught by an `abandon` Task that records the step
 * attempt failed with the chunk's typed error and removes the chunks, then the job is marked failed.
 */
export interface WorkflowFanOut {
  /** The Choice state that skips the Map when the prepare phase finished the step itself. */
  choiceStateName: string;
  /** The inline Map state. */
  mapStateName: string;
  /** The Task inside the Map (state names are unique across the whole state machine). */
  chunkStateName: string;
  /** The Task after the Map that joins the chunks and records the step. */
  finishStateName: string;
  /** The Task the Map's Catch goes to. */
  abandonStateName: string;
  /** The Map's `MaxConcurrency` on AWS (a local run is also bounded by its host pool). */
  maxConcurrency: number;
}

/** One processing step: the ASL state that runs it, the service that does the work, its manifest key. */
export interface WorkflowStep {
  /** The Task state's name in the ASL (PascalCase, as Step Functions consoles show it). */
  stateName: string;
  /** The service (app) whose handler the Task invokes. */
  service: ServiceName;
  /** The key of the step's record in the job manifest (`manifest.steps[step]`). */
  step: string;
  /** Present when the step can fan out into chunk Tasks ({@link WorkflowFanOut}). */
  fanOut?: WorkflowFanOut;
}

/** The phase a fan-out step's Task runs, as its event's `phase` (absent: `prepare`). */
export type FanOutPhase = 'prepare' | 'chunk' | 'finish' | 'abandon';

/**
 * The processing steps, in order; the ASL, the local runner, the CLI and resume-from-failure all
 * follow this list. The transcoder comes last: it packages the render when there is one, else the
 * source, so it needs every step before it.
 */
export const processingSteps = [
  { stateName: 'ValidateInput', service: 'media-validator', step: 'validate' },
  { stateName: 'ExtractAudio', service: 'audio-extraction', step: 'audio-extraction' },
  { stateName: 'Transcribe', service: 'transcription', step: 'transcription' },
  { stateName: 'PlanCuts', service: 'smart-cut-planner', step: 'smart-cut-planner' },
  {
    stateName: 'RenderVideo',
    service: 'video-render-engine',
    step: 'video-render-engine',
    fanOut: {
      choiceStateName: 'RenderVideoChunked',
      mapStateName: 'RenderVideoChunks',
      chunkStateName: 'RenderVideoChunk',
      finishStateName: 'RenderVideoFinish',
      abandonStateName: 'RenderVideoAbandon',
      maxConcurrency: 10,
    },
  },
  {
    stateName: 'Transcode',
    service: 'media-transcoder',
    step: 'media-transcoder',
    fanOut: {
      choiceStateName: 'TranscodeChunked',
      mapStateName: 'TranscodeChunks',
      chunkStateName: 'TranscodeChunk',
      finishStateName: 'TranscodeFinish',
      abandonStateName: 'TranscodeAbandon',
      maxConcurrency: 10,
    },
  },
] as const satisfies readonly WorkflowStep[];

export type ProcessingStepName = (typeof processingSteps)[number]['step'];

/** The job-status service records the outcome; the workflow calls it last, on success or failure. */
export const finalizeService: ServiceName = 'job-status';

/**
 * The processing step a state of the ASL belongs to, and its 1-based number, with the fan-out
 * phase the state runs (`prepare` for a step's own Task); `undefined` for the finalizer's states.
 *
 * @example
 * stepOfState('RenderVideoChunk'); // { step: 'video-render-engine', number: 5, phase: 'chunk' }
 * stepOfState('TranscodeFinish'); // { step: 'media-transcoder', number: 6, phase: 'finish' }
 */
export function stepOfState(
  stateName: string,
): { step: string; number: number; phase: FanOutPhase } | undefined {
  for (const [index, entry] of (processingSteps as readonly WorkflowStep[]).entries()) {
    const number = index + 1;
    if (entry.stateName === stateName) return { step: entry.step, number, phase: 'prepare' };
    const fanOut = entry.fanOut;
    if (fanOut === undefined) continue;
    const phase: FanOutPhase | undefined =
      fanOut.chunkStateName === stateName
        ? 'chunk'
        : fanOut.finishStateName === stateName
          ? 'finish'
          : fanOut.abandonStateName === stateName
            ? 'abandon'
            : undefined;
    if (phase) return { step: entry.step, number, phase };
  }
  return undefined;
}
