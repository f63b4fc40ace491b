/**
 * Lambda sizing per service, from the design's service table. The infra stacks deploy with these and
 * the local runner gives each handler the same remaining time, so a step that would time out on AWS
 * times out locally too.
 */
export interface ServicePreset {
  memoryMb: number;
  timeoutSec: number;
  /** Ephemeral /tmp size; `undefined` keeps Lambda's 512 MB default (services that never touch media). */
  ephemeralStorageMb?: number;
  trigger: 'invoke' | 'workflow-task' | 'sqs' | 'eventbridge' | 'http';
}

export const servicePresets = {
  'ffmpeg-validation': {
    memoryMb: 1769,
    timeoutSec: 300,
    ephemeralStorageMb: 6144,
    trigger: 'invoke',
  },
  'audio-extraction': {
    memoryMb: 1769,
    timeoutSec: 300,
    ephemeralStorageMb: 6144,
    trigger: 'workflow-task',
  },
  transcription: {
    memoryMb: 3008,
    timeoutSec: 600,
    ephemeralStorageMb: 6144,
    trigger: 'workflow-task',
  },
  'smart-cut-planner': {
    memoryMb: 1769,
    timeoutSec: 480,
    ephemeralStorageMb: 6144,
    trigger: 'workflow-task',
  },
  'video-render-engine': {
    memoryMb: 5120,
    timeoutSec: 900,
    ephemeralStorageMb: 10240,
    trigger: 'workflow-task',
  },
  'media-transcoder': {
    memoryMb: 5120,
    timeoutSec: 900,
    ephemeralStorageMb: 10240,
    trigger: 'workflow-task',
  },
  // The workflow's first task (probe, packet scan, guardrails). Validation downloads the whole
  // upload to /tmp, so it gets the ephemeral storage of the media services.
  'media-validator': {
    memoryMb: 1769,
    timeoutSec: 300,
    ephemeralStorageMb: 6144,
    trigger: 'workflow-task',
  },
  // The event-driven ingest path (SQS ← EventBridge ← S3 Object Created); its app comes with that issue.
  'ingest-orchestrator': { memoryMb: 1769, timeoutSec: 120, trigger: 'sqs' },
  'job-status': { memoryMb: 512, timeoutSec: 30, trigger: 'eventbridge' },
  'video-api': { memoryMb: 1024, timeoutSec: 30, trigger: 'http' },
  'audio-clips-api': { memoryMb: 1024, timeoutSec: 30, trigger: 'http' },
} as const satisfies Record<string, ServicePreset>;

/** The name of a reel service (an app under apps/). */
export type ServiceName = keyof typeof servicePresets;

export const serviceNames = Object.keys(servicePresets) as ServiceName[];

/** The preset of a service, with a clear error for a name that is not one. */
export function getServicePreset(service: string): ServicePreset {
  if (!(service in servicePresets)) {
    throw new TypeError(`Unknown service "${service}"; known services: ${serviceNames.join(', ')}`);
  }
  return servicePresets[service as ServiceName];
}
