import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigInvalidError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { configVariables } from './config-variables';
import { loadConfig } from './load-config';

const cwd = '/srv/reel';
const repoFontsDir = resolve(import.meta.dirname, '../../ffmpeg-runtime/assets/fonts');
const awsEnv = {
  REEL_BACKEND: 'aws',
  REEL_BUCKET: 'reel-media-prod',
  REEL_JOBS_TABLE: 'reel-jobs-prod',
  AWS_REGION: 'eu-central-1',
};

function loadError(env: Record<string, string | undefined>): ConfigInvalidError {
  try {
    loadConfig(env, { cwd });
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted an invalid environment');
}

describe('Function: loadConfig', () => {
  it('runs the embedded local default from an empty environment', () => {
    // Act
    const config = loadConfig({}, { cwd });

    // Assess
    expect(config).toEqual({
      backend: 'local',
      env: 'dev',
      region: 'us-east-1',
      mediaStoragePath: '/srv/reel/storage',
      uploadPath: '/srv/reel/uploads',
      ffmpegPath: 'ffmpeg',
      ffprobePath: 'ffprobe',
      fontsDir: repoFontsDir,
      tracingEnabled: false,
      metricsNamespace: 'reel',
      logLevel: 'INFO',
      transcription: {
        pocketsphinxPath: 'pocketsphinx_continuous',
        pocketsphinxModelDir: '/usr/share/pocketsphinx/model/en-us',
        defaultProvider: 'local',
      },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads every local variable and normalises paths, flags, URLs and levels', () => {
    // Act
    const config = loadConfig(
      {
        REEL_ENV: 'pr-42',
        MEDIA_STORAGE_PATH: 'data/media',
        REEL_PUBLIC_BASE_URL: 'http://127.0.0.1:3000/media/',
        FFMPEG_PATH: './bin/ffmpeg',
        FFPROBE_PATH: '/opt/ffmpeg/ffprobe',
        ENABLE_XRAY: 'TRUE',
        POWERTOOLS_METRICS_NAMESPACE: 'reel/dev',
        LOG_LEVEL: 'debug',
      },
      { cwd },
    );

    // Assess
    expect(config).toMatchObject({
      backend: 'local',
      env: 'pr-42',
      mediaStoragePath: '/srv/reel/data/media',
      publicBaseUrl: 'http://127.0.0.1:3000/media',
      ffmpegPath: '/srv/reel/bin/ffmpeg',
      ffprobePath: '/opt/ffmpeg/ffprobe',
      tracingEnabled: true,
      metricsNamespace: 'reel/dev',
      logLevel: 'DEBUG',
    });
  });

  it('reads the AWS backend with path-style URLs implied by an endpoint override', () => {
    // Act
    const config = loadConfig(
      {
        ...awsEnv,
        REEL_S3_ENDPOINT: 'http://127.0.0.1:4568',
        REEL_DYNAMODB_ENDPOINT: 'http://127.0.0.1:4567/',
      },
      { cwd },
    );

    // Assess
    expect(config).toEqual({
      backend: 'aws',
      env: 'dev',
      region: 'eu-central-1',
      bucket: 'reel-media-prod',
      jobsTable: 'reel-jobs-prod',
      s3Endpoint: 'http://127.0.0.1:4568',
      dynamoDbEndpoint: 'http://127.0.0.1:4567',
      s3ForcePathStyle: true,
      ffmpegPath: 'ffmpeg',
      ffprobePath: 'ffprobe',
      fontsDir: repoFontsDir,
      tracingEnabled: false,
      metricsNamespace: 'reel',
      logLevel: 'INFO',
      transcription: {
        pocketsphinxPath: 'pocketsphinx_continuous',
        pocketsphinxModelDir: '/usr/share/pocketsphinx/model/en-us',
        defaultProvider: 'local',
      },
    });
  });

  it('uses virtual-hosted S3 URLs on AWS unless told otherwise', () => {
    // Act
    const onAws = loadConfig(awsEnv, { cwd });
    const forced = loadConfig({ ...awsEnv, REEL_S3_FORCE_PATH_STYLE: 'true' }, { cwd });

    // Assess
    expect(onAws).toMatchObject({ s3ForcePathStyle: false });
    expect(forced).toMatchObject({ s3ForcePathStyle: true });
  });

  it("names the platform ladder's SSM parameter on AWS only", () => {
    // Act
    const onAws = loadConfig({ ...awsEnv, REEL_LADDER_PARAMETER: '/reel/prod/ladder' }, { cwd });
    const local = loadConfig({ REEL_LADDER_PARAMETER: '/reel/prod/ladder' }, { cwd });

    // Assess
    expect(onAws).toMatchObject({ backend: 'aws', ladderParameter: '/reel/prod/ladder' });
    expect(local).not.toHaveProperty('ladderParameter');
    expect(loadConfig(awsEnv, { cwd })).not.toHaveProperty('ladderParameter');
  });

  it('reads where workflow runs start: the state machine on AWS, the local workflow URL locally', () => {
    // Prepare
    const stateMachineArn = 'arn:aws:states:eu-central-1:123456789012:stateMachine:reel-prod';
    const workflowEnv = {
      REEL_STATE_MACHINE_ARN: stateMachineArn,
      REEL_STEP_FUNCTIONS_ENDPOINT: 'http://127.0.0.1:5000/',
      REEL_LOCAL_WORKFLOW_URL: 'http://127.0.0.1:8080/_reel/workflow/executions',
    };

    // Act
    const onAws = loadConfig({ ...awsEnv, ...workflowEnv }, { cwd });
    const local = loadConfig(workflowEnv, { cwd });

    // Assess
    expect(onAws).toMatchObject({
      stateMachineArn,
      stepFunctionsEndpoint: 'http://127.0.0.1:5000',
    });
    expect(onAws).not.toHaveProperty('localWorkflowUrl');
    expect(local).toMatchObject({
      localWorkflowUrl: 'http://127.0.0.1:8080/_reel/workflow/executions',
    });
    expect(local).not.toHaveProperty('stateMachineArn');
    expect(loadError({ REEL_STATE_MACHINE_ARN: 'reel-prod' }).message).toContain(
      'REEL_STATE_MACHINE_ARN must be a state machine ARN',
    );
  });

  it('reads the upload area: a bucket on AWS, a folder beside the media root locally', () => {
    // Act
    const onAws = loadConfig({ ...awsEnv, REEL_UPLOAD_BUCKET: 'reel-uploads-prod' }, { cwd });
    const besideMedia = loadConfig({ MEDIA_STORAGE_PATH: 'data/media' }, { cwd });
    const chosen = loadConfig(
      {
        REEL_UPLOAD_PATH: '/var/reel/incoming',
        REEL_UPLOAD_PUBLIC_BASE_URL: 'http://127.0.0.1:8080/uploads/',
      },
      { cwd },
    );

    // Assess
    expect(onAws).toMatchObject({ backend: 'aws', uploadBucket: 'reel-uploads-prod' });
    expect(onAws).not.toHaveProperty('uploadPath');
    expect(loadConfig(awsEnv, { cwd })).not.toHaveProperty('uploadBucket');
    expect(besideMedia).toMatchObject({ uploadPath: '/srv/reel/data/uploads' });
    expect(besideMedia).not.toHaveProperty('uploadPublicBaseUrl');
    expect(chosen).toMatchObject({
      uploadPath: '/var/reel/incoming',
      uploadPublicBaseUrl: 'http://127.0.0.1:8080/uploads',
    });
  });

  it.each([
    ['the media root itself', 'storage'],
    ['a folder inside the media root', 'storage/uploads'],
    ['a folder holding the media root', '.'],
  ])('refuses an upload folder that is %s', (_case, uploadPath) => {
    // Act
    const error = loadError({ REEL_UPLOAD_PATH: uploadPath });

    // Assess
    expect(error.message).toContain(
      'REEL_UPLOAD_PATH must be a folder outside MEDIA_STORAGE_PATH and not containing it',
    );
    expect(error.details).toEqual({ variables: ['REEL_UPLOAD_PATH'] });
  });

  it('refuses the media bucket as the upload bucket', () => {
    // Act
    const error = loadError({ ...awsEnv, REEL_UPLOAD_BUCKET: awsEnv.REEL_BUCKET });

    // Assess
    expect(error.message).toContain('REEL_UPLOAD_BUCKET must be a bucket other than REEL_BUCKET');
    expect(error.details).toEqual({ variables: ['REEL_UPLOAD_BUCKET'] });
  });

  it('reads the URL signing secret on AWS too, where it signs stream playlist links', () => {
    // Prepare
    const secret = 'k'.repeat(40);

    // Act
    const onAws = loadConfig({ ...awsEnv, REEL_URL_SIGNING_SECRET: secret }, { cwd });

    // Assess
    expect(onAws).toMatchObject({ backend: 'aws', urlSigningSecret: secret });
    expect(loadConfig(awsEnv, { cwd })).not.toHaveProperty('urlSigningSecret');
  });

  it('reads the URL signing secret locally and never shows a wrong one', () => {
    // Prepare
    const secret = 'k'.repeat(40);
    const wrong = 'too short to sign';

    // Act
    const config = loadConfig({ REEL_URL_SIGNING_SECRET: secret }, { cwd });
    const error = loadError({ REEL_URL_SIGNING_SECRET: wrong });

    // Assess
    expect(config).toMatchObject({ backend: 'local', urlSigningSecret: secret });
    expect(loadConfig({}, { cwd })).not.toHaveProperty('urlSigningSecret');
    expect(error.message).toContain('REEL_URL_SIGNING_SECRET must be 32–512 printable');
    expect(error.message).toContain('got 17 characters');
    expect(error.message).not.toContain(wrong);
  });

  it('treats empty and blank variables as unset', () => {
    // Act
    const config = loadConfig({ REEL_BACKEND: '', REEL_ENV: '  ', LOG_LEVEL: '' }, { cwd });

    // Assess
    expect(config).toMatchObject({ backend: 'local', env: 'dev', logLevel: 'INFO' });
  });

  it('never reads process.env itself', () => {
    // Prepare
    const saved = process.env.REEL_BACKEND;
    process.env.REEL_BACKEND = 'aws';

    try {
      // Act
      const config = loadConfig({}, { cwd });

      // Assess
      expect(config.backend).toBe('local');
    } finally {
      if (saved === undefined) delete process.env.REEL_BACKEND;
      else process.env.REEL_BACKEND = saved;
    }
  });

  it.each([
    ['REEL_BUCKET', 'REEL_BUCKET is required when REEL_BACKEND=aws (the S3 bucket for media)'],
    [
      'REEL_JOBS_TABLE',
      'REEL_JOBS_TABLE is required when REEL_BACKEND=aws (the DynamoDB table of job manifests)',
    ],
    [
      'AWS_REGION',
      'AWS_REGION is required when REEL_BACKEND=aws (the AWS region of the bucket and table)',
    ],
  ])('names %s when it is missing on AWS', (name, expected) => {
    // Prepare
    const env: Record<string, string | undefined> = { ...awsEnv, [name]: undefined };

    // Act
    const error = loadError(env);

    // Assess
    expect(error.message).toBe(`Invalid configuration: ${expected}`);
    expect(error.details).toEqual({ variables: [name] });
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it.each([
    ['REEL_BACKEND', 'gcp', 'REEL_BACKEND must be "local" or "aws", got "gcp"'],
    [
      'REEL_ENV',
      'Prod',
      'REEL_ENV must be 1–16 lower-case letters, digits or "-", starting with a letter',
    ],
    ['REEL_ENV', 'dev/../prod', 'REEL_ENV must be 1–16 lower-case letters'],
    ['MEDIA_STORAGE_PATH', 'media\0root', 'MEDIA_STORAGE_PATH must be a folder path'],
    ['REEL_PUBLIC_BASE_URL', 'ftp://media.local', 'REEL_PUBLIC_BASE_URL must be an http(s) URL'],
    ['REEL_BUCKET', 'Reel_Media', 'REEL_BUCKET must be an S3 bucket name'],
    ['REEL_UPLOAD_BUCKET', 'uploads!', 'REEL_UPLOAD_BUCKET must be an S3 bucket name other than'],
    ['REEL_UPLOAD_PATH', 'up\0loads', 'REEL_UPLOAD_PATH must be a folder path outside'],
    [
      'REEL_UPLOAD_PUBLIC_BASE_URL',
      'file:///uploads',
      'REEL_UPLOAD_PUBLIC_BASE_URL must be an http(s) URL',
    ],
    ['REEL_JOBS_TABLE', 'jobs table', 'REEL_JOBS_TABLE must be a DynamoDB table name'],
    ['AWS_REGION', 'Frankfurt', 'AWS_REGION must be an AWS region such as us-east-1'],
    ['REEL_S3_ENDPOINT', 'localhost:4568', 'REEL_S3_ENDPOINT must be an http(s) URL'],
    ['REEL_DYNAMODB_ENDPOINT', 'dynalite', 'REEL_DYNAMODB_ENDPOINT must be an http(s) URL'],
    [
      'REEL_S3_FORCE_PATH_STYLE',
      'yes',
      'REEL_S3_FORCE_PATH_STYLE must be "true" or "false", got "yes"',
    ],
    [
      'REEL_LADDER_PARAMETER',
      'reel/prod/ladder',
      'REEL_LADDER_PARAMETER must be an SSM parameter name such as /reel/prod/ladder',
    ],
    ['FFMPEG_PATH', 'ffmpeg\n-i', 'FFMPEG_PATH must be a command on PATH or a path to the binary'],
    ['FFPROBE_PATH', 'ffprobe\0', 'FFPROBE_PATH must be a command on PATH or a path to the binary'],
    ['ENABLE_XRAY', '1', 'ENABLE_XRAY must be "true" or "false", got "1"'],
    [
      'POWERTOOLS_METRICS_NAMESPACE',
      'reel!',
      'POWERTOOLS_METRICS_NAMESPACE must be a CloudWatch namespace',
    ],
    [
      'LOG_LEVEL',
      'verbose',
      'LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
    ],
  ])('explains a malformed %s (%j)', (name, value, expected) => {
    // Act
    const error = loadError({ ...awsEnv, [name]: value });

    // Assess
    expect(error.message).toContain(expected);
    expect(error.details).toEqual({ variables: [name] });
  });

  it('lists every problem at once', () => {
    // Act
    const error = loadError({
      REEL_BACKEND: 'aws',
      REEL_BUCKET: 'Bad_Bucket',
      LOG_LEVEL: 'loud',
      ENABLE_XRAY: 'maybe',
    });

    // Assess
    expect(error.message.split('\n')).toEqual([
      'Invalid configuration (5 problems):',
      expect.stringMatching(/^ {2}- REEL_BUCKET must be an S3 bucket name.*got "Bad_Bucket"/),
      '  - ENABLE_XRAY must be "true" or "false", got "maybe" (tracing with AWS X-Ray)',
      expect.stringMatching(/^ {2}- LOG_LEVEL must be one of .*got "loud"/),
      '  - AWS_REGION is required when REEL_BACKEND=aws (the AWS region of the bucket and table)',
      '  - REEL_JOBS_TABLE is required when REEL_BACKEND=aws (the DynamoDB table of job manifests)',
    ]);
    expect(error.details).toEqual({
      variables: ['REEL_BUCKET', 'ENABLE_XRAY', 'LOG_LEVEL', 'AWS_REGION', 'REEL_JOBS_TABLE'],
    });
    expect(error.advice).toContain(
      'REEL_BUCKET, ENABLE_XRAY, LOG_LEVEL, AWS_REGION, REEL_JOBS_TABLE',
    );
  });

  it('validates the other backend’s variables too, so a typo fails before a switch', () => {
    // Act
    const error = loadError({ REEL_BACKEND: 'local', REEL_S3_ENDPOINT: 'not a url' });

    // Assess
    expect(error.message).toContain('REEL_S3_ENDPOINT must be an http(s) URL');
  });

  it('shortens a long wrong value in the message', () => {
    // Act
    const error = loadError({ REEL_ENV: 'x'.repeat(1024) });

    // Assess
    expect(error.message).toContain(`got "${'x'.repeat(60)}"…`);
    expect(error.message.length).toBeLessThan(300);
  });
});

describe('Table: configVariables', () => {
  it('documents every variable in the README table', async () => {
    // Prepare
    const readme = await readFile(resolve(import.meta.dirname, '../README.md'), 'utf8');

    // Assess
    expect(configVariables.length).toBe(27);
    for (const { name } of configVariables) expect(readme).toContain(`| \`${name}\``);
  });
});

describe('Function: loadConfig (transcription settings)', () => {
  it("reads the transcription settings, with Debian's pocketsphinx and en-US model by default", () => {
    // Act
    const config = loadConfig(
      {
        POCKETSPHINX_PATH: './bin/pocketsphinx_continuous',
        POCKETSPHINX_MODEL_DIR: '/opt/ps/model/en-us',
        TRANSCRIPTION_PROVIDER: 'aws',
      },
      { cwd: '/srv/reel' },
    );

    // Assess
    expect(config.transcription).toEqual({
      pocketsphinxPath: '/srv/reel/bin/pocketsphinx_continuous',
      pocketsphinxModelDir: '/opt/ps/model/en-us',
      defaultProvider: 'aws',
    });
    expect(loadConfig({ POCKETSPHINX_PATH: '' }).transcription.pocketsphinxPath).toBe(
      'pocketsphinx_continuous',
    );
  });

  it('refuses an unknown transcription provider and a relative model folder, naming both', () => {
    expect(() =>
      loadConfig({ TRANSCRIPTION_PROVIDER: 'whisper', POCKETSPHINX_MODEL_DIR: 'model' }),
    ).toThrow(
      expect.objectContaining({
        name: 'ConfigInvalidError',
        message: expect.stringMatching(
          /POCKETSPHINX_MODEL_DIR must be an absolute folder path[\s\S]*TRANSCRIPTION_PROVIDER must be "local" or "aws"/,
        ),
      }),
    );
  });
});

describe('Function: loadConfig (fonts folder)', () => {
  it("defaults to the repo's pinned fonts when run from source", () => {
    expect(loadConfig({}, { cwd }).fontsDir).toBe(repoFontsDir);
  });

  it('defaults to fonts/ beside the app bundle when the build put it there', async () => {
    // Prepare: a bundle folder outside the repo
    const bundleDir = await mkdtemp(join(tmpdir(), 'reel-bundle-'));
    try {
      // Act
      const beforeCopy = loadConfig({}, { cwd, moduleDir: bundleDir }).fontsDir;
      await mkdir(join(bundleDir, 'fonts'));
      const afterCopy = loadConfig({}, { cwd, moduleDir: bundleDir }).fontsDir;

      // Assess: without the copy there is no other place, and the bundle's fonts/ is named
      expect(beforeCopy).toBe(join(bundleDir, 'fonts'));
      expect(afterCopy).toBe(join(bundleDir, 'fonts'));
    } finally {
      await rm(bundleDir, { recursive: true, force: true });
    }
  });

  it("finds the repo's fonts from a bundle in dist/apps/<app> that has none beside it", () => {
    // Prepare
    const repoRoot = resolve(import.meta.dirname, '../../..');

    // Act & Assess
    expect(
      loadConfig({}, { cwd, moduleDir: join(repoRoot, 'dist/apps/no-such-app') }).fontsDir,
    ).toBe(repoFontsDir);
  });

  it('reads REEL_FONTS_DIR, resolved against the working directory', () => {
    expect(loadConfig({ REEL_FONTS_DIR: '/opt/reel/fonts' }, { cwd }).fontsDir).toBe(
      '/opt/reel/fonts',
    );
    expect(loadConfig({ REEL_FONTS_DIR: 'assets/fonts' }, { cwd }).fontsDir).toBe(
      '/srv/reel/assets/fonts',
    );
  });
});
