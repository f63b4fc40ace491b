import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addExtractedAudio } from './extracted-audio';
import { createTestEnvironment, type TestEnvironment } from './test-environment';

describe('Function: addExtractedAudio', () => {
  let environment: TestEnvironment;
  beforeAll(async () => (environment = await createTestEnvironment({ name: 'test-jobs-audio' })));
  afterAll(async () => environment.cleanup());

  it('stores a 16 kHz mono WAV of the media and points results.audio at it', async () => {
    // Prepare
    const mediaPath = join(environment.fixturesDir, 'tone.mp3');
    // prettier-ignore
    await execa('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1.5', '-ac', '2', mediaPath]);
    const job = await environment.createJob('tone', mediaPath);

    // Act
    const audio = await addExtractedAudio(environment, { job, mediaPath });

    // Assess
    expect(audio).toEqual({
      wavPath: join(environment.fixturesDir, 'tone-16k.wav'),
      wavKey: 'dev/acme/tone/audio/audio-16k.wav',
      durationSec: expect.closeTo(1.5, 1),
    });
    const { stdout } = await execa('ffprobe', [
      ...[
        '-v',
        'error',
        '-show_entries',
        'stream=sample_rate,channels',
        '-of',
        'csv=p=0',
        audio.wavPath,
      ],
    ]);
    expect(stdout.trim()).toBe('16000,1');
    expect(await environment.dependencies.storage.exists({ key: audio.wavKey })).toBe(true);
    expect((await environment.dependencies.manifests.get(job))?.results.audio).toEqual({
      mp3Key: 'dev/acme/tone/audio/audio.mp3',
      wavKey: audio.wavKey,
      durationSec: audio.durationSec,
    });
  });
});
