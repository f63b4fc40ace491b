import { mkdtemp, rm } from 'node:fs/promises';
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
  writeRecordingFfmpeg,
} from '../tests/support/clip-fixtures';
import {
  createAudioClipsDependencies,
  type AudioClipsDependencies,
} from './audio-clips-dependencies';
import { loadClipSettings } from './clip-settings';
import { createAudioClipsHandler } from './handler';

describe('Limit: clip cuts at once', () => {
  let environment: TestEnvironment;
  let toolsDir: string;
  let dependencies: AudioClipsDependencies;
  let ffmpeg: Awaited<ReturnType<typeof writeRecordingFfmpeg>>;
  let secret: string;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'audio-clips-limit' });
    toolsDir = await mkdtemp(join(tmpdir(), 'reel-clips-limit-'));
    // A stand-in that holds each run for 0.5 s, so overlapping misses really overlap.
    ffmpeg = await writeRecordingFfmpeg(toolsDir, { sleepSec: 0.5 });
    dependencies = createAudioClipsDependencies(
      environment.dependencies.config,
      loadClipSettings({ AUDIO_CLIPS_MAX_CONCURRENT: '2' }),
      { runtime: createFfmpegRuntime({ ffmpegPath: ffmpeg.path }) },
    );
    ({ secret } = await createTenantKey(environment.dependencies.config, 'acme'));
    await addToneBurstEpisode(environment, { episodeId: 'ep-1', durationSec: 10 });
  }, 60_000);
  afterAll(async () => {
    await environment?.cleanup();
    await rm(toolsDir, { recursive: true, force: true });
  });

  it('never runs more ffmpeg than the limit and answers the misses past it 429 with Retry-After', async () => {
    // Prepare
    const handler = createAudioClipsHandler(() => dependencies);
    const starts = [0, 1000, 2000, 3000, 4000, 5000];

    // Act: six distinct misses at once, limit 2.
    const results = await Promise.all(
      starts.map((start) =>
        handler(
          apiEvent({
            path: '/api/v1/audio_clips/ep-1',
            query: { start_time_ms: String(start), duration_ms: '500' },
            headers: { authorization: `Bearer ${secret}` },
          }),
          lambdaContext,
        ),
      ),
    );

    // Assess
    const runs = await ffmpeg.runs();
    expect(Math.max(...runs)).toBe(2);
    const statuses = results.map(({ statusCode }) => statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(runs.length);
    const refused = results.filter(({ statusCode }) => statusCode === 429);
    expect(refused.length).toBe(starts.length - runs.length);
    expect(refused.length).toBeGreaterThan(0);
    for (const result of refused) {
      expect(result.headers?.['retry-after']).toBe('1');
      expect(JSON.parse(result.body ?? '{}')).toMatchObject({
        code: 'RATE_LIMITED',
        retryable: true,
      });
    }
    // Only the cut clips are stored; no slot is left taken.
    const stored = await dependencies.storage.list({ prefix: 'dev/acme/audio_clips/ep-1/' });
    expect(stored).toHaveLength(runs.length);
    expect(dependencies.slots.running).toBe(0);
  });
});
