import type { ServiceName } from '@reel/service-presets';

/** One processing step: the ASL state that runs it, the service that does the work, its manifest key. */
export interface WorkflowStep {
  /** The Task state's name in the ASL (PascalCase, as Step Functions consoles show it). */
  stateName: string;
  /** The service (app) whose handler the Task invokes. */
  service: ServiceName;
  /** The key of the step's record in the job manifest (`manifest.steps[step]`). */
  step: string;
}

/**
 * The processing steps, in order. Later steps (the transcoder) are appended here; the ASL, the
 * local runner, the CLI and resume-from-failure all follow this list.
 */
export const processingSteps = [
  { stateName: 'ValidateInput', service: 'media-validator', step: 'validate' },
  { stateName: 'ExtractAudio', service: 'audio-extraction', step: 'audio-extraction' },
  { stateName: 'Transcribe', service: 'transcription', step: 'transcription' },
  { stateName: 'PlanCuts', service: 'smart-cut-planner', step: 'smart-cut-planner' },
  { stateName: 'RenderVideo', service: 'video-render-engine', step: 'video-render-engine' },
] as const satisfies readonly WorkflowStep[];

export type ProcessingStepName = (typeof processingSteps)[number]['step'];

/** The job-status service records the outcome; the workflow calls it last, on success or failure. */
export const finalizeService: ServiceName = 'job-status';
