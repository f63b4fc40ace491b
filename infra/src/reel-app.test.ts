import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { getServicePreset } from '@reel/service-presets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorkflow, localResourceFor } from '@reel/workflow';
import { createReelApp, deployedServices } from './reel-app';
import { writeStandInBundles } from './test-support/stand-in-bundles';

describe('Function: createReelApp', () => {
  let workDir: string;
  let bundlesDir: string;

  beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'reel-infra-'));
    bundlesDir = join(workDir, 'apps');
    writeStandInBundles(bundlesDir);
  });
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  it('sizes every service function from its preset', () => {
    // Act
    const { services } = createReelApp({ bundlesDir, outdir: join(workDir, 'cdk.out') });

    // Assess
    for (const service of deployedServices) {
      const preset = getServicePreset(service);
      const template = Template.fromStack(services[service]!);
      template.hasResourceProperties('AWS::Lambda::Function', {
        PackageType: 'Image',
        MemorySize: preset.memoryMb,
        Timeout: preset.timeoutSec,
        EphemeralStorage:
          preset.ephemeralStorageMb === undefined
            ? Match.absent()
            : { Size: preset.ephemeralStorageMb },
        TracingConfig: { Mode: 'Active' },
        Environment: { Variables: { REEL_BACKEND: 'aws', POWERTOOLS_SERVICE_NAME: service } },
      });
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    }
  });

  it('runs transcription on AWS Transcribe, with the permissions to call it', () => {
    const { services } = createReelApp({
      bundlesDir,
      outdir: join(workDir, 'cdk.out-transcription'),
    });
    const template = Template.fromStack(services['transcription']!);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TRANSCRIPTION_PROVIDER: 'aws' }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['transcribe:StartTranscriptionJob', 'transcribe:GetTranscriptionJob'],
            Effect: 'Allow',
          }),
        ]),
      },
    });
  });

  it('keeps media private and aborts stale multipart uploads', () => {
    const { shared } = createReelApp({ bundlesDir, outdir: join(workDir, 'cdk.out-shared') });
    const template = Template.fromStack(shared);
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: {
        Rules: [{ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }],
      },
    });
    template.resourceCountIs('AWS::SQS::Queue', 1);
  });

  it('refuses to synthesize a service that has not been built, and says how to build it', () => {
    expect(() =>
      createReelApp({
        bundlesDir: join(workDir, 'missing'),
        outdir: join(workDir, 'cdk.out-missing'),
      }),
    ).toThrow(/npx nx run ffmpeg-validation:build/);
  });

  it('stages each service image from its build output only', () => {
    // Act
    const outdir = join(workDir, 'cdk.out-assets');
    const { app } = createReelApp({ bundlesDir, outdir });
    app.synth();

    // Assess: the asset manifests name one image per service, built to the `service` stage.
    const dockerImages = deployedServices.flatMap((service) => {
      const manifest = JSON.parse(
        readFileSync(join(outdir, `Reel-${service}.assets.json`), 'utf8'),
      ) as {
        dockerImages: Record<string, { source: { directory: string; dockerBuildTarget?: string } }>;
      };
      return Object.values(manifest.dockerImages);
    });
    expect(dockerImages).toHaveLength(deployedServices.length);
    for (const image of dockerImages) {
      expect(image.source.dockerBuildTarget).toBe('service');
      expect(readdirSync(join(outdir, image.source.directory)).sort()).toEqual([
        'Dockerfile',
        'index.mjs',
      ]);
    }
  });
});

describe('Class: WorkflowStack', () => {
  it('deploys the same ASL the local runner executes, with function ARNs as resources', () => {
    // Prepare
    const workDir = mkdtempSync(join(tmpdir(), 'reel-infra-wf-'));
    const bundlesDir = join(workDir, 'apps');
    writeStandInBundles(bundlesDir);

    // Act
    const { workflow } = createReelApp({ bundlesDir, outdir: join(workDir, 'cdk.out') });
    const template = Template.fromStack(workflow).toJSON() as {
      Resources: Record<string, { Type: string; Properties: { DefinitionString: unknown } }>;
    };
    rmSync(workDir, { recursive: true, force: true });

    // Assess
    const machine = Object.values(template.Resources).find(
      (resource) => resource.Type === 'AWS::StepFunctions::StateMachine',
    )!;
    const definitionText = JSON.stringify(machine.Properties.DefinitionString);
    const local = buildProcessingWorkflow({ resourceFor: localResourceFor });
    for (const stateName of Object.keys(local.States))
      expect(definitionText).toContain(`\\"${stateName}\\"`);
    expect(definitionText).toContain('TransientError');
    expect(definitionText).toContain('Fn::ImportValue');
    const rule = Object.values(template.Resources).find(
      (resource) => resource.Type === 'AWS::Events::Rule',
    ) as unknown as {
      Properties: { EventPattern: { detail: { status: string[] } }; Targets: unknown[] };
    };
    expect(rule.Properties.EventPattern.detail.status).toEqual(['FAILED', 'TIMED_OUT', 'ABORTED']);
    expect(rule.Properties.Targets).toHaveLength(1);
  });

  it('validates uploads with media-validator and deploys no ingest orchestrator yet', () => {
    // Act
    const { services, definitionText } = synthesizeWorkflow();

    // Assess
    expect(Object.keys(services)).toContain('media-validator');
    expect(Object.keys(services)).not.toContain('ingest-orchestrator');
    const validateTask = definitionText.slice(definitionText.indexOf('ValidateInput\\":{'));
    expect(validateTask.slice(0, 200)).toContain('"Fn::ImportValue":"Reel-media-validator:');
  });

  it('never retries a step refused for want of the run lease', () => {
    // Act
    const { definitionText } = synthesizeWorkflow();

    // Assess: the Retry names ConflictError (optimistic writes) but not RunLeaseConflictError
    expect(definitionText).toContain('ConflictError');
    expect(definitionText).not.toContain('RunLeaseConflictError');
  });
});

/** The app over stand-in bundles, and its workflow stack's template as text. */
function synthesizeWorkflow() {
  const workDir = mkdtempSync(join(tmpdir(), 'reel-infra-wf-'));
  try {
    const bundlesDir = join(workDir, 'apps');
    writeStandInBundles(bundlesDir);
    const { services, workflow } = createReelApp({ bundlesDir, outdir: join(workDir, 'cdk.out') });
    return { services, definitionText: JSON.stringify(Template.fromStack(workflow).toJSON()) };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
