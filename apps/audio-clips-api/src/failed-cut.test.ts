import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { createTestEnvironment, type TestEnvironment } from '@reel/test-jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToneBurstEpisode,
  apiEvent,
  createTenantKey,
  lambdaContext,
} from '../tests/support/clip-fixtures';
import { createAudioClipsDependencies } from './audio-clips-dependencies';
import { loadClipSettings } from './clip-settings';
import { createAudioClipsHandler } from './handler';

describe('A failed cut', () => {
  let environment: TestEnvironment;
  let toolsDir: string;
  let secret: string;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'audio-clips-failed-cut' });
    toolsDir = await mkdtemp(join(tmpdir(), 'reel-clips-failing-'));
    ({ secret } = await createTenantKey(environment.dependencies.config, 'acme'));
    await addToneBurstEpisode(environment, { episodeId: 'ep-1', durationSec: 5 });
  }, 60_000);
  afterAll(async () => {
    await environment?.cleanup();
    await rm(toolsDir, { recursive: true, force: true });
  });

  it('gives its claim back and stores nothing, so the next request cuts the clip', async () => {
    // Prepare: an ffmpeg that fails as on a damaged file, then the real one.
    const failing = join(toolsDir, 'ffmpeg');
    await writeFile(
      failing,
      '#!/bin/sh\necho "Invalid data found when processing input" >&2\nexit 1\n',
    );
    await chmod(failing, 0o755);
    const settings = loadClipSettings({});
    const { config } = environment.dependencies;
    const broken = createAudioClipsDependencies(config, settings, {
      runtime: createFfmpegRuntime({ ffmpegPath: failing }),
    });
    const request = apiEvent({
      path: '/api/v1/audio_clips/ep-1',
      query: { start_time_ms: '1000', duration_ms: '1000' },
      headers: { authorization: `Bearer ${secret}` },
    });
    const ref = { env: 'dev', tenantId: 'acme', episodeId: 'ep-1', startMs: 1000, endMs: 2000 };

    // Act
    const failed = await createAudioClipsHandler(() => broken)(request, lambdaContext);
    const recordAfterFailure = await broken.clipRecords.get(ref);
    const storedAfterFailure = await broken.storage.list({ prefix: 'dev/acme/audio_clips/' });
    const working = createAudioClipsDependencies(config, settings);
    const retried = await createAudioClipsHandler(() => working)(request, lambdaContext);

    // Assess
    expect(failed.statusCode).toBe(422);
    expect(JSON.parse(failed.body ?? '{}').code).toBe('CORRUPT_INPUT');
    expect(recordAfterFailure).toBeUndefined();
    expect(storedAfterFailure).toEqual([]);
    expect(retried.statusCode).toBe(200);
    expect(JSON.parse(retried.body ?? '{}').cache_hit).toBe(false);
    expect((await working.clipRecords.get(ref))?.status).toBe('ready');
  });
});
