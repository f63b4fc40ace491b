import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tenantSettingsSchema } from '@reel/tenant-settings';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `reel tenant branding` as a user runs it: a child process on the local backend, real ffprobe
// checks, the stored files and settings read back from disk.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');

describe('npx reel tenant branding', () => {
  let workDir: string;
  let storageDir: string;

  const reel = (args: string[]) =>
    execa(reelBin, ['tenant', ...args], {
      cwd: workDir,
      reject: false,
      // The scratch copies go under workDir/tmp, so a test can see that none is left behind.
      env: { MEDIA_STORAGE_PATH: storageDir, REEL_ENV: 'dev', TMPDIR: join(workDir, 'tmp') },
    });
  const ffmpeg = (args: string[]) =>
    execa('ffmpeg', ['-hide_banner', '-v', 'error', '-y', ...args], { cwd: workDir });
  const settingsPath = (tenant: string) => join(storageDir, 'dev', tenant, 'tenant-settings.json');
  const storedSettings = async (tenant: string) =>
    tenantSettingsSchema.parse(JSON.parse(await readFile(settingsPath(tenant), 'utf8')));
  const brandingFiles = (tenant: string) =>
    readdir(join(storageDir, 'dev', tenant, 'branding')).catch(() => []);

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-branding-'));
    storageDir = join(workDir, 'storage');
    await mkdir(join(workDir, 'tmp'));
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'color=red@0.5:s=200x100,format=rgba',
      '-frames:v',
      '1',
      'logo.png',
    ]);
    await ffmpeg(['-f', 'lavfi', '-i', 'color=red:s=5000x100', '-frames:v', '1', 'huge.png']);
    await ffmpeg([
      ...[
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=640x480:r=25:d=1',
        '-f',
        'lavfi',
        '-i',
        'sine=r=44100:d=1',
      ],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', 'intro.mp4'],
    ]);
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=1'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', 'silent.mp4'],
    ]);
    await ffmpeg([
      ...[
        '-f',
        'lavfi',
        '-i',
        'color=black:s=64x36:r=5:d=61',
        '-f',
        'lavfi',
        '-i',
        'anullsrc=r=8000:cl=mono',
      ],
      ...['-t', '61', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', 'long.mp4'],
    ]);
    await writeFile(join(workDir, 'notes.txt'), 'This is not a logo.\n');
    await symlink(join(workDir, 'logo.png'), join(workDir, 'linked-logo.png'));
    await execa('mkfifo', [join(workDir, 'fifo.mp4')]);
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('checks, uploads and records a watermark and an intro; show lists them', async () => {
    // Act
    const set = await reel([
      'branding',
      '--tenant',
      'acme',
      '--watermark',
      'logo.png',
      '--intro',
      'intro.mp4',
    ]);
    const shown = await reel(['show', '--tenant', 'acme']);

    // Assess
    expect(set.exitCode).toBe(0);
    expect(set.stdout).toMatch(
      /watermark\s+dev\/acme\/branding\/watermark-[0-9a-f]{12}\.png\s+200x100, alpha/,
    );
    expect(set.stdout).toMatch(
      /intro\s+dev\/acme\/branding\/intro-[0-9a-f]{12}\.mp4\s+640x480, 1\.\d+ s, 25 fps, 44100 Hz/,
    );
    const { branding, version } = await storedSettings('acme');
    expect(version).toBe(1);
    const stored = await readFile(join(storageDir, branding.watermarkKey ?? 'missing'));
    expect(stored.equals(await readFile(join(workDir, 'logo.png')))).toBe(true);
    expect((await brandingFiles('acme')).sort()).toEqual(
      [branding.introKey, branding.watermarkKey].map((key) => key?.split('/').at(-1)).sort(),
    );
    expect(shown.stdout).toContain(`watermarkKey  ${branding.watermarkKey}`);
    expect(shown.stdout).toContain(`introKey      ${branding.introKey}`);
    expect(await readdir(join(workDir, 'tmp'))).toEqual([]);
  });

  it('clears the intro and keeps the watermark', async () => {
    // Prepare
    const before = await storedSettings('acme');

    // Act
    const cleared = await reel(['branding', '--tenant', 'acme', '--clear', 'intro']);

    // Assess
    expect(cleared.exitCode).toBe(0);
    expect((await storedSettings('acme')).branding).toEqual({
      watermarkKey: before.branding.watermarkKey,
    });
  });

  it.each([
    [
      'a text file as the watermark',
      ['--watermark', 'notes.txt'],
      /UNSUPPORTED_MEDIA.*notes\.txt is not a PNG or JPEG image/s,
    ],
    [
      'an MP4 as the watermark',
      ['--watermark', 'intro.mp4'],
      /UNSUPPORTED_MEDIA.*intro\.mp4 is not a PNG or JPEG image/s,
    ],
    [
      'a 5000 px wide watermark',
      ['--watermark', 'huge.png'],
      /GUARDRAIL_EXCEEDED.*5000x100, over 4096 px a side/s,
    ],
    [
      'an intro with no audio',
      ['--intro', 'silent.mp4'],
      /UNSUPPORTED_MEDIA.*no audio stream.*anullsrc/s,
    ],
    ['an outro over 60 s', ['--outro', 'long.mp4'], /GUARDRAIL_EXCEEDED.*over the 60 s allowed/s],
    [
      'a symbolic link as the watermark',
      ['--watermark', 'linked-logo.png'],
      /INVALID_REQUEST.*linked-logo\.png is a symbolic link, not a regular file/s,
    ],
    [
      'a FIFO as the intro',
      ['--intro', 'fifo.mp4'],
      /INVALID_REQUEST.*fifo\.mp4 is a FIFO \(named pipe\), not a regular file/s,
    ],
    [
      'a bad intro beside a good watermark',
      ['--watermark', 'logo.png', '--intro', 'silent.mp4'],
      /no audio stream/,
    ],
  ])(
    'refuses %s with a typed error, uploading and recording nothing',
    async (_, flags, message) => {
      // Prepare
      const settingsBefore = await readFile(settingsPath('acme'), 'utf8');
      const filesBefore = await brandingFiles('acme');

      // Act
      const fresh = await reel(['branding', '--tenant', 'hostile', ...flags]);
      const existing = await reel(['branding', '--tenant', 'acme', ...flags]);

      // Assess
      for (const result of [fresh, existing]) {
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toMatch(message);
      }
      await expect(readdir(join(storageDir, 'dev', 'hostile'))).rejects.toThrow(/ENOENT/);
      expect(await readFile(settingsPath('acme'), 'utf8')).toBe(settingsBefore);
      expect(await brandingFiles('acme')).toEqual(filesBefore);
      expect(await readdir(join(workDir, 'tmp'))).toEqual([]);
    },
  );

  it.each([
    [['branding', '--tenant', 'acme'], /Nothing to change/],
    [['branding', '--tenant', 'acme', '--clear', 'logo'], /--clear takes watermark\|intro\|outro/],
    [['branding', '--tenant', 'acme', '--intro', 'intro.mp4', '--clear', 'intro'], /contradict/],
  ])('treats `tenant %j` as a usage error (exit 2)', async (args, message) => {
    // Act
    const result = await reel(args);

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('documents branding in --help', async () => {
    // Act
    const help = await reel(['--help']);

    // Assess
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('npx reel tenant branding');
    expect(help.stdout).toContain('--watermark FILE');
  });
});
