import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenantSettingsSchema } from '@reel/tenant-settings';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Render defaults are a partial render-options document: flags, files and --unset edit only what
// the tenant chose; `show` prints the effective options and those choices.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');

describe('npx reel tenant set: render defaults', () => {
  let workDir: string;
  let storageDir: string;

  const reel = (args: string[]) =>
    execa(reelBin, ['tenant', ...args], {
      cwd: workDir,
      reject: false,
      env: { MEDIA_STORAGE_PATH: storageDir, REEL_ENV: 'dev' },
    });
  const settingsPath = (tenant: string) => join(storageDir, 'dev', tenant, 'tenant-settings.json');
  const storedSettings = async (tenant: string) =>
    tenantSettingsSchema.parse(JSON.parse(await readFile(settingsPath(tenant), 'utf8')));

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-render-defaults-'));
    storageDir = join(workDir, 'storage');
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('stores only the chosen fields from flags and a file, and unsets one', async () => {
    // Prepare
    const file = join(workDir, 'render.json');
    await writeFile(file, JSON.stringify({ render: { watermark: { position: 'bottom-left' } } }));

    // Act
    const flags = await reel(['set', '--tenant', 'acme', '--crf', '18', '--subtitles', 'burn']);
    const fromFile = await reel(['set', '--tenant', 'acme', '--file', file]);
    const unset = await reel(['set', '--tenant', 'acme', '--unset', 'render.video.crf']);

    // Assess
    expect([flags.exitCode, fromFile.exitCode, unset.exitCode]).toEqual([0, 0, 0]);
    expect((await storedSettings('acme')).render).toEqual({
      subtitles: { mode: 'burn' },
      watermark: { position: 'bottom-left' },
    });
    expect(unset.stdout).toContain(
      'H.264 CRF 20, preset veryfast, up to 1080p, subtitles burn (tenant: watermark.position=bottom-left, subtitles.mode=burn)',
    );
  });

  it('reads a version 1 settings file stored before render options, and writes version 2', async () => {
    // Prepare
    await mkdir(join(storageDir, 'dev', 'legacy'), { recursive: true });
    await writeFile(
      settingsPath('legacy'),
      JSON.stringify({
        schemaVersion: 1,
        env: 'dev',
        tenantId: 'legacy',
        version: 2,
        guardrails: {},
        render: { videoCodec: 'h264', crf: 21, preset: 'fast', maxHeight: 720, subtitles: 'none' },
        ladder: { rungs: [720, 360], segmentDurationSec: 6 },
        branding: {},
      }),
    );

    // Act
    const shown = await reel(['show', '--tenant', 'legacy']);
    const set = await reel(['set', '--tenant', 'legacy', '--max-height', '480']);

    // Assess
    expect(shown.exitCode).toBe(0);
    expect(shown.stdout).toContain('H.264 CRF 21, preset fast, up to 720p, subtitles none');
    expect(set.exitCode).toBe(0);
    expect(JSON.parse(await readFile(settingsPath('legacy'), 'utf8'))).toMatchObject({
      schemaVersion: 2,
      version: 3,
      render: { video: { crf: 21, preset: 'fast', maxHeight: 480 }, subtitles: { mode: 'none' } },
    });
  });

  it.each([
    [['set', '--tenant', 'acme', '--unset', 'render.video.codec'], 2, /names no setting/],
    [
      ['set', '--tenant', 'acme', '--subtitles', 'embed'],
      1,
      /INVALID_REQUEST.*render\.subtitles\.mode/s,
    ],
    [['set', '--tenant', 'acme', '--crf', '52'], 1, /INVALID_REQUEST.*render\.video\.crf/s],
  ])('refuses `tenant %j` (exit %i)', async (args, exitCode, message) => {
    // Act
    const result = await reel(args);

    // Assess
    expect(result.exitCode).toBe(exitCode);
    expect(result.stderr).toMatch(message);
  });
});
