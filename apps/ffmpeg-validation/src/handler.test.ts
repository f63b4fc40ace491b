import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

// Runs the built bundle (dist/apps/ffmpeg-validation/index.mjs, what the image runs) the way
// `npx nx run ffmpeg-validation:invoke` does: a child process with a Lambda-like context.
const workspaceRoot = join(import.meta.dirname, '../../..');
const invoke = (env: Record<string, string> = {}) =>
  execa(
    join(workspaceRoot, 'node_modules/.bin/tsx'),
    ['--tsconfig', 'tsconfig.base.json', 'tools/scripts/invoke-bundle.ts', 'ffmpeg-validation'],
    {
      cwd: workspaceRoot,
      reject: false,
      env: { ...env, POWERTOOLS_LOG_LEVEL: 'ERROR' },
    },
  );

function lastJsonDocument(output: string): Record<string, unknown> {
  // EMF metric lines come first (one JSON object per line); the report is the last, pretty-printed.
  const start = output.lastIndexOf('\n{\n');
  return JSON.parse(start === -1 ? output : output.slice(start + 1)) as Record<string, unknown>;
}

describe('ffmpeg-validation bundle', () => {
  it('passes every check on this machine’s ffmpeg and reports versions and encoders', async () => {
    // Act
    const { exitCode, stdout } = await invoke();

    // Assess
    const report = lastJsonDocument(stdout) as {
      validationPassed: boolean;
      ffmpegVersion: string;
      encoders: Array<{ name: string; present: boolean }>;
      checks: Array<{ name: string; passed: boolean; problems: string[] }>;
    };
    expect(report.checks.filter((check) => !check.passed)).toEqual([]);
    expect(report.validationPassed).toBe(true);
    expect(exitCode).toBe(0);
    expect(report.ffmpegVersion).toMatch(/^\d+\.\d+/);
    expect(report.encoders.map((encoder) => encoder.name).sort()).toEqual([
      'aac',
      'libmp3lame',
      'libopus',
      'libx264',
    ]);
    expect(report.checks.map((check) => check.name)).toEqual([
      'required-encoders',
      'ffmpeg-version',
      'generate-sample',
      'probe-sample',
      'extract-mp3',
      'extract-asr-wav',
      'render-h264',
    ]);
  });

  it('fails with RuntimeMissing and advice when FFMPEG_PATH points nowhere', async () => {
    const { exitCode, stderr } = await invoke({ FFMPEG_PATH: '/nonexistent/ffmpeg' });

    expect(exitCode).toBe(1);
    const error = JSON.parse(stderr.slice(stderr.lastIndexOf('\n{\n') + 1)) as Record<
      string,
      string
    >;
    expect(error).toMatchObject({ errorType: 'RuntimeMissingError', code: 'RUNTIME_MISSING' });
    expect(error['message']).toContain('/nonexistent/ffmpeg');
    expect(error['advice']).toMatch(/FFMPEG_PATH/);
  });

  it('rejects an event with unknown fields as an invalid request', async () => {
    const { exitCode, stderr } = await execa(
      join(workspaceRoot, 'node_modules/.bin/tsx'),
      [
        '--tsconfig',
        'tsconfig.base.json',
        'tools/scripts/invoke-bundle.ts',
        'ffmpeg-validation',
        '--event',
        '{"surprise":1}',
      ],
      { cwd: workspaceRoot, reject: false },
    );
    expect(exitCode).toBe(1);
    expect(stderr).toContain('INVALID_REQUEST');
  });
});
