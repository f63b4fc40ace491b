import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { initObservability } from '@reel/observability';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeBranding } from './probe-branding';

// Real ffprobe on files made by ffmpeg: the branding a render downloaded, checked before encoding.
const runtime = createFfmpegRuntime();
let workDir: string;
const file = (name: string) => join(workDir, name);
const operation = () => ({
  deadlineAtMs: Date.now() + 60_000,
  signal: new AbortController().signal,
  observability: initObservability({
    service: 'video-render-engine',
    correlationId: 'c-1',
    tenantId: 'acme',
    jobId: 'job-1',
    step: 'render',
    env: 'dev',
  }),
});
const ffmpeg = (args: string[]) =>
  runtime.runTool({
    tool: 'ffmpeg',
    binaryPath: runtime.ffmpegPath,
    args: ['-hide_banner', '-v', 'error', '-y', ...args],
    operation: 'probe-branding-test',
  });

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'reel-probe-branding-'));
  await ffmpeg(['-f', 'lavfi', '-i', 'color=red:s=120x60', '-frames:v', '1', file('logo.png')]);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=s=320x180:r=25:d=1', '-f', 'lavfi', '-i', 'sine=d=1'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', file('intro.mp4')],
  ]);
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('probeBranding', () => {
  it('numbers a PNG watermark and an intro as inputs 1 and 2, with the intro’s length', async () => {
    // Act
    const branding = await probeBranding({
      files: {
        watermark: { key: 'dev/acme/branding/watermark-1.png', path: file('logo.png') },
        intro: { key: 'dev/acme/branding/intro-1.mp4', path: file('intro.mp4') },
      },
      runtime,
      operation: operation(),
    });

    // Assess
    expect(branding.watermark).toEqual({
      path: file('logo.png'),
      index: 1,
      label: 'dev/acme/branding/watermark-1.png',
    });
    expect(branding.intro).toMatchObject({ index: 2, path: file('intro.mp4') });
    expect(branding.intro?.durationSec).toBeCloseTo(1, 1);
  });

  it('refuses a video clip named as the watermark before any encode, advising how to fix it', async () => {
    // Act
    const probing = probeBranding({
      files: { watermark: { key: 'dev/acme/branding/intro-1.mp4', path: file('intro.mp4') } },
      runtime,
      operation: operation(),
    });

    // Assess
    await expect(probing).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(probing).rejects.toMatchObject({
      message: expect.stringMatching(/intro-1\.mp4 is not a PNG or JPEG image/),
      details: { key: 'dev/acme/branding/intro-1.mp4', reason: 'UNSUPPORTED_MEDIA' },
      advice: expect.stringContaining('tenant branding --watermark'),
    });
  });
});
