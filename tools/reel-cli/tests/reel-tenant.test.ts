import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenantSettingsSchema } from '@reel/tenant-settings';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI as a user runs it: a child process on the local backend, settings read back from disk.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');

describe('npx reel tenant', () => {
  let workDir: string;
  let storageDir: string;

  const reel = (args: string[]) =>
    execa(reelBin, ['tenant', ...args], {
      cwd: workDir,
      reject: false,
      env: { MEDIA_STORAGE_PATH: storageDir, REEL_ENV: 'dev' },
    });
  const storedSettings = async (tenant: string) =>
    tenantSettingsSchema.parse(
      JSON.parse(await readFile(join(storageDir, 'dev', tenant, 'tenant-settings.json'), 'utf8')),
    );

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-tenant-'));
    storageDir = join(workDir, 'storage');
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('shows the defaults of a tenant that stored nothing, as text and as JSON', async () => {
    // Act
    const text = await reel(['show', '--tenant', 'fresh']);
    const json = await reel(['show', '--tenant', 'fresh', '--json']);

    // Assess
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('Tenant fresh in env dev (no settings stored: the defaults)');
    expect(text.stdout).toMatch(/maxDurationSec\s+14400 s\s+platform/);
    expect(text.stdout).toContain('1080p / 720p / 480p, 4 s segments (platform defaults)');
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      tenantId: 'fresh',
      version: 0,
      guardrails: {},
    });
    expect(JSON.parse(json.stdout).ladder).toEqual({});
  });

  it('sets a tighter duration limit, a webhook, rungs and transcode defaults, and stores them in the tenant folder', async () => {
    // Act
    const set = await reel([
      'set',
      '--tenant',
      'acme',
      '--max-duration-sec',
      '1800',
      '--webhook-url',
      'https://hooks.acme.example/reel',
      '--rungs',
      '720,360',
      '--loudness-target',
      'podcast',
      '--lowest-rung-first',
      'false',
      '--thumbnail-interval-sec',
      '5',
    ]);
    const shown = await reel(['show', '--tenant', 'acme']);
    const refused = await reel(['set', '--tenant', 'acme', '--loudness-target=-60']);

    // Assess
    expect(set.exitCode).toBe(0);
    expect(await storedSettings('acme')).toMatchObject({
      version: 1,
      guardrails: { maxDurationSec: 1800 },
      ladder: {
        rungs: [720, 360],
        loudnessTarget: 'podcast',
        lowestRungFirst: false,
        thumbnailIntervalSec: 5,
      },
      branding: {},
      webhookUrl: 'https://hooks.acme.example/reel',
    });
    expect(shown.stdout).toMatch(/maxDurationSec\s+1800 s\s+tenant\s+\(platform 14400 s\)/);
    expect(shown.stdout).toContain(
      '720p / 360p, 4 s segments (tenant: rungs=720,360, thumbnailIntervalSec=5, loudnessTarget=podcast, lowestRungFirst=false)',
    );
    expect((await storedSettings('acme')).ladder).not.toHaveProperty('segmentDurationSec');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain('ladder.loudnessTarget');
    expect((await storedSettings('acme')).version).toBe(1);
  });

  it('refuses a settings file that names a branding file, storing nothing (exit 2)', async () => {
    // Prepare: a name set this way would skip the check `tenant branding` makes.
    const file = join(workDir, 'branded.json');
    await writeFile(
      file,
      JSON.stringify({ branding: { watermarkKey: 'dev/branded/branding/intro.mp4' } }),
    );

    // Act
    const result = await reel(['set', '--tenant', 'branded', '--file', file]);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/branding\.watermarkKey differs.*reel tenant branding/s);
    await expect(storedSettings('branded')).rejects.toThrow(/ENOENT/);
  });

  it('applies a settings file shaped like show --json, then unsets a field', async () => {
    // Prepare
    const exported = JSON.parse((await reel(['show', '--tenant', 'filed', '--json'])).stdout) as {
      render: Record<string, unknown>;
    };
    exported.render = { video: { crf: 18 } };
    const file = join(workDir, 'filed.json');
    await writeFile(file, JSON.stringify({ ...exported, guardrails: { maxStreams: 4 } }));

    // Act
    const fromFile = await reel(['set', '--tenant', 'filed', '--file', file]);
    const unset = await reel(['set', '--tenant', 'filed', '--unset', 'guardrails.maxStreams']);

    // Assess
    expect(fromFile.exitCode).toBe(0);
    expect(unset.exitCode).toBe(0);
    expect(await storedSettings('filed')).toMatchObject({
      version: 2,
      guardrails: {},
      render: { video: { crf: 18 } },
    });
  });

  it('keeps the rungs and segment length of a document stored with them until they are unset', async () => {
    // Prepare: a document written while every tenant was given rungs and 6 s segments
    await mkdir(join(storageDir, 'dev', 'older'), { recursive: true });
    await writeFile(
      join(storageDir, 'dev', 'older', 'tenant-settings.json'),
      JSON.stringify({
        ...JSON.parse((await reel(['show', '--tenant', 'older', '--json'])).stdout),
        version: 1,
        ladder: { rungs: [1080, 720, 480], segmentDurationSec: 6 },
      }),
    );

    // Act
    const before = await reel(['show', '--tenant', 'older']);
    const unset = await reel([
      'set',
      '--tenant',
      'older',
      '--unset',
      'ladder.segmentDurationSec',
      '--unset',
      'ladder.rungs',
    ]);

    // Assess
    expect(before.stdout).toContain(
      '1080p / 720p / 480p, 6 s segments (tenant: rungs=1080,720,480, segmentDurationSec=6)',
    );
    expect(unset.exitCode).toBe(0);
    expect(unset.stdout).toContain('1080p / 720p / 480p, 4 s segments (platform defaults)');
    expect((await storedSettings('older')).ladder).toEqual({});
  });

  it('refuses to loosen a platform guardrail with GUARDRAIL_EXCEEDED, exit 1, nothing stored', async () => {
    // Act
    const result = await reel(['set', '--tenant', 'greedy', '--max-duration-sec', '99999']);

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('GUARDRAIL_EXCEEDED');
    expect(result.stderr).toContain('maxDurationSec 99999 > platform 14400');
    await expect(storedSettings('greedy')).rejects.toThrow(/ENOENT/);
  });

  it('refuses at intake an upload over the tenant’s maxBytes, storing nothing', async () => {
    // Prepare
    await reel(['set', '--tenant', 'small', '--max-bytes', '1000']);
    const upload = join(workDir, 'upload.wav');
    await writeFile(upload, Buffer.alloc(4096));

    // Act
    const result = await execa(
      reelBin,
      ['run', '--tenant', 'small', '--job', 'big', '--input', upload, '--no-build'],
      { cwd: workDir, reject: false, env: { MEDIA_STORAGE_PATH: storageDir, REEL_ENV: 'dev' } },
    );

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/GUARDRAIL_EXCEEDED.*1000/s);
    await expect(readdir(join(storageDir, 'dev', 'small'))).resolves.toEqual([
      'tenant-settings.json',
    ]);
  });

  it('refuses an http webhook as an invalid request naming the field, exit 1', async () => {
    // Act
    const result = await reel(['set', '--tenant', 'acme', '--webhook-url', 'http://hooks.example']);

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/INVALID_REQUEST.*webhookUrl/s);
  });

  it.each([
    [['set', '--tenant', 'acme'], /Nothing to set/],
    [['set', '--tenant', 'acme', '--crf', 'high'], /--crf takes a number/],
    [['set', '--tenant', 'acme', '--unset', 'render.codec'], /names no setting/],
    [['set', '--tenant', 'acme', '--watermark', 'intro.mp4'], /Unknown option '--watermark'/],
    [['set', '--tenant', 'acme', '--logo', 'missing.png'], /Unknown option '--logo'/],
    [['set', '--tenant', 'acme', '--intro', 'x.mp4'], /Unknown option '--intro'/],
    [['show', '--tenant', 'acme', '--crf', '20'], /Unknown option '--crf'/],
    [['show', '--tenant', '../etc'], /--tenant "\.\.\/etc" is not a valid id/],
    [['rename', '--tenant', 'acme'], /Unknown tenant action "rename"/],
  ])('treats `tenant %j` as a usage error (exit 2)', async (args, message) => {
    // Act
    const result = await reel(args);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('npx reel --help');
  });
});
