import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// No Docker engine runs here, so the image is checked by reading its Dockerfile: what must hold for
// every build to be reproducible and safe.
const dockerfile = readFileSync(join(import.meta.dirname, '../ffmpeg-image/Dockerfile'), 'utf8');
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line.length > 0 && !line.startsWith('#'));

describe('FFmpeg base image Dockerfile', () => {
  it('starts from the Lambda Node.js 24 image pinned by digest', () => {
    const baseArg = instructions.find((line) => line.startsWith('ARG LAMBDA_NODE_IMAGE='));
    expect(baseArg).toMatch(
      /^ARG LAMBDA_NODE_IMAGE=public\.ecr\.aws\/lambda\/nodejs:24@sha256:[0-9a-f]{64}$/,
    );
    expect(instructions).toContain('FROM ${LAMBDA_NODE_IMAGE} AS ffmpeg-base');
  });

  it('downloads a versioned static ffmpeg and verifies its SHA-256 before unpacking it', () => {
    const url = instructions.find((line) => line.startsWith('ARG FFMPEG_URL='));
    expect(url).toMatch(/ffmpeg-\d+\.\d+(\.\d+)?-amd64-static\.tar\.xz$/);
    expect(instructions.find((line) => line.startsWith('ARG FFMPEG_SHA256='))).toMatch(
      /=[0-9a-f]{64}$/,
    );
    const run =
      instructions.find((line) => line.startsWith('RUN') && line.includes('sha256sum')) ?? '';
    const verifyAt = run.indexOf('sha256sum -c');
    expect(verifyAt).toBeGreaterThan(run.indexOf('curl'));
    expect(verifyAt).toBeLessThan(run.indexOf('tar -x'));
  });

  it('puts ffmpeg and ffprobe on PATH and names them for the runtime', () => {
    const run = instructions.find((line) => line.includes('install -m 0755')) ?? '';
    expect(run).toMatch(/ffmpeg .*ffprobe \/usr\/local\/bin\//);
    const env = instructions.find((line) => line.startsWith('ENV')) ?? '';
    expect(env).toContain('FFMPEG_PATH=/usr/local/bin/ffmpeg');
    expect(env).toContain('FFPROBE_PATH=/usr/local/bin/ffprobe');
    expect(env).toMatch(/PATH=\/usr\/local\/bin:\$\{PATH\}/);
  });

  it('builds each service FROM the shared base with its bundle and the handler CMD', () => {
    const serviceStage = instructions.slice(instructions.indexOf('FROM ffmpeg-base AS service'));
    expect(serviceStage[0]).toBe('FROM ffmpeg-base AS service');
    expect(serviceStage).toContain('COPY index.mjs ${LAMBDA_TASK_ROOT}/index.mjs');
    // The bundle exports `handler` (see the apps' build target: outputFileName index.mjs).
    expect(serviceStage.at(-1)).toBe('CMD ["index.handler"]');
  });
});
