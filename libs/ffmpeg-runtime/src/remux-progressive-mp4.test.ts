import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../tests/support/media-fixtures';
import {
  countFrames,
  makeSource,
  streamHashes,
  topLevelBoxes,
  RUNG_360P,
} from '../tests/support/transcode-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

describe('Method: remuxProgressiveMp4', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
  });
  afterEach(async () => remove());

  it('puts the top rung and the sound in one faststart MP4 without re-encoding either', async () => {
    // Prepare: a rung (video only) and an AAC rendition, as the transcode writes them
    const source = await makeSource(join(dir, 'source.mp4'), {
      durationSec: 3,
      audio: true,
      channels: 2,
    });
    const rung = join(dir, '360p.mp4');
    await runtime.encodeLadder({
      input: source,
      preset: 'ultrafast',
      plan: {
        frameRateFraction: { numerator: 25, denominator: 1 },
        gopFrames: 50,
        video: [RUNG_360P],
      },
      outputs: { '360p': rung },
      expectedDurationSec: 3,
    });
    const audio = join(dir, 'audio.mp4');
    await runtime.encodeAacRendition({
      input: source,
      output: audio,
      audio: { channels: 2, sampleRateHz: 48_000, bitrateKbps: 128 },
    });
    const output = join(dir, 'web.mp4');

    // Act
    const mp4 = await runtime.remuxProgressiveMp4({ video: rung, audio, output, frameRate: 25 });

    // Assess
    const boxes = await topLevelBoxes(output);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));
    expect(mp4.frameCount).toBe(75);
    expect(await countFrames(output)).toBe(await countFrames(rung));
    const [videoHash, audioHash] = await streamHashes(output);
    expect(videoHash?.split('=')[1]).toBe((await streamHashes(rung))[0]?.split('=')[1]);
    expect(audioHash?.split('=')[1]).toBe((await streamHashes(audio))[0]?.split('=')[1]);
  });
});
