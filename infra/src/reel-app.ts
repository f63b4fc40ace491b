import { App } from 'aws-cdk-lib';
import { apiRoutes, type ApiRoute, type ServiceName } from '@reel/service-presets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { grantAudioClipsApiAccess, grantAuthorizerAccess, grantVideoApiAccess } from './api-access';
import { HttpApiStack, type ApiThrottle } from './http-api-stack';
import { addPlatformLadderParameter } from './platform-ladder-parameter';
import { createServiceFunction } from './service-function';
import { ServiceStack, type ServiceStackProps } from './service-stack';
import { SharedStack } from './shared-stack';
import { WorkflowStack } from './workflow-stack';

/** The services behind no HTTP route; the workflow's tasks are among them. */
export const coreServices: ServiceName[] = [
  'ffmpeg-validation',
  'media-validator',
  'audio-extraction',
  'transcription',
  'smart-cut-planner',
  'video-render-engine',
  'media-transcoder',
  'job-status',
];

/** The HTTP APIs (their routes: `apiRoutes`); the video-api image also runs the API-key authorizer. */
export const apiServices: ServiceName[] = ['video-api', 'audio-clips-api'];

/** The services that have an app today; each gets a stack named `Reel-<service>`. */
export const deployedServices: ServiceName[] = [...coreServices, ...apiServices];

/** API Gateway gives a Lambda authorizer 10 s; the key check is one DynamoDB read. */
const AUTHORIZER_TIMEOUT_SEC = 10;

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
  /** Origins of the web console allowed to PUT to the upload bucket (CORS); none by default. */
  consoleOrigins?: string[];
  /** Days before an unprocessed upload expires. */
  uploadExpiryDays?: number;
  /** The HTTP API's routes; default the table `reel serve` answers (`apiRoutes`). */
  routes?: readonly ApiRoute[];
  apiThrottle?: ApiThrottle;
  serviceThrottles?: Partial<Record<ServiceName, ApiThrottle>>;
}

/**
 * Builds the whole CDK app: the shared stack, one stack per deployed service, the workflow and
 * the HTTP API.
 */
export function createReelApp({
  bundlesDir,
  reelEnv = 'dev',
  outdir,
  account,
  region,
  consoleOrigins,
  uploadExpiryDays,
  routes = apiRoutes,
  apiThrottle,
  serviceThrottles,
}: ReelAppOptions) {
  const app = new App({ outdir });
  const env = { account, region };
  const shared = new SharedStack(app, 'Reel-Shared', {
    env,
    reelEnv,
    uploads: {
      consoleOrigins: consoleOrigins ?? consoleOriginsFromContext(app),
      uploadExpiryDays,
    },
  });
  const serviceStack = (
    service: ServiceName,
    extras: Pick<ServiceStackProps, 'environment' | 'policyStatements' | 'grantAccess'> = {},
  ) =>
    new ServiceStack(app, `Reel-${service}`, {
      env,
      service,
      shared,
      bundlesDir,
      reelEnv,
      ...extras,
    });
  const services: Partial<Record<ServiceName, ServiceStack>> = Object.fromEntries(
    coreServices.map((service) => [service, serviceStack(service, serviceExtras[service])]),
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

  // The APIs come after the workflow: the video API starts and stops its executions.
  const { mediaBucket, uploadBucket, jobsTable } = shared;
  const videoApi = serviceStack('video-api', {
    environment: {
      REEL_UPLOAD_BUCKET: uploadBucket.bucketName,
      REEL_STATE_MACHINE_ARN: workflow.stateMachine.attrArn,
    },
    grantAccess: (fn) =>
      grantVideoApiAccess(fn, {
        reelEnv,
        mediaBucket,
        uploadBucket,
        jobsTable,
        stateMachine: {
          arn: workflow.stateMachine.attrArn,
          executionsArn: workflow.executionArnPattern,
        },
      }),
  });
  const authorizerFunction = createServiceFunction(videoApi, {
    service: 'video-api',
    id: 'Authorizer',
    command: ['index.authorizer'],
    timeoutSec: AUTHORIZER_TIMEOUT_SEC,
    description: 'reel video-api: the API-key authorizer of the HTTP API',
    bundlesDir,
    environment: {
      ...videoApi.functionEnvironment,
      POWERTOOLS_SERVICE_NAME: 'video-api-authorizer',
    },
  });
  grantAuthorizerAccess(authorizerFunction, { jobsTable });
  const audioClipsApi = serviceStack('audio-clips-api', {
    environment: { REEL_UPLOAD_BUCKET: uploadBucket.bucketName },
    grantAccess: (fn) => grantAudioClipsApiAccess(fn, { reelEnv, mediaBucket, jobsTable }),
  });
  services['video-api'] = videoApi;
  services['audio-clips-api'] = audioClipsApi;

  const api = new HttpApiStack(app, 'Reel-Api', {
    env,
    reelEnv,
    routes,
    functions: { 'video-api': videoApi.function, 'audio-clips-api': audioClipsApi.function },
    authorizerFunction,
    throttle: apiThrottle,
    serviceThrottles,
  });
  return { app, shared, services, workflow, api, authorizerFunction };
}

/** `cdk synth -c consoleOrigin=https://a.example.com,https://b.example.com` (the `consoleOrigin` context). */
function consoleOriginsFromContext(app: App): string[] {
  const value: unknown = app.node.tryGetContext('consoleOrigin');
  if (value === undefined) return [];
  return String(value)
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}
