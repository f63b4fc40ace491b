import { App } from 'aws-cdk-lib';
import type { ServiceName } from '@reel/service-presets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { addPlatformLadderParameter } from './platform-ladder-parameter';
import { ServiceStack, type ServiceStackProps } from './service-stack';
import { SharedStack } from './shared-stack';
import { WorkflowStack } from './workflow-stack';

/** The services that have an app today; each gets a stack named `Reel-<service>`. */
export const deployedServices: ServiceName[] = [
  'ffmpeg-validation',
  'media-validator',
  'audio-extraction',
  'transcription',
  'smart-cut-planner',
  'video-render-engine',
  'media-transcoder',
  'job-status',
];

/**
 * What some services need beyond the platform's settings. Transcription uses AWS Transcribe on AWS:
 * the Lambda image carries no pocketsphinx (see infra/ffmpeg-image/Dockerfile).
 */
const serviceExtras: Partial<
  Record<ServiceName, Pick<ServiceStackProps, 'environment' | 'policyStatements'>>
> = {
  transcription: {
    environment: { TRANSCRIPTION_PROVIDER: 'aws' },
    policyStatements: [
      new PolicyStatement({
        actions: ['transcribe:StartTranscriptionJob', 'transcribe:GetTranscriptionJob'],
        resources: ['*'],
      }),
    ],
  },
};

export interface ReelAppOptions {
  bundlesDir: string;
  reelEnv?: string;
  outdir?: string;
  account?: string;
  region?: string;
}

/** Builds the whole CDK app: the shared stack plus one stack per deployed service. */
export function createReelApp({
  bundlesDir,
  reelEnv = 'dev',
  outdir,
  account,
  region,
}: ReelAppOptions) {
  const app = new App({ outdir });
  const env = { account, region };
  const shared = new SharedStack(app, 'Reel-Shared', { env, reelEnv });
  const services = Object.fromEntries(
    deployedServices.map((service) => [
      service,
      new ServiceStack(app, `Reel-${service}`, {
        env,
        service,
        shared,
        bundlesDir,
        reelEnv,
        ...serviceExtras[service],
      }),
    ]),
  );
  const transcoder = services['media-transcoder'];
  if (transcoder !== undefined) {
    addPlatformLadderParameter(transcoder, { reelEnv, reader: transcoder.function });
  }
  const workflow = new WorkflowStack(app, 'Reel-Workflow', {
    env,
    functions: Object.fromEntries(
      Object.entries(services).map(([service, stack]) => [service, stack.function]),
    ),
  });
  return { app, shared, services, workflow };
}
