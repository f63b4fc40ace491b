import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { buildAudioSegmentArgs } from './build-audio-segment-args';
import { runFfmpeg } from './run-ffmpeg';

describe('Function: buildAudioSegmentArgs', () => {
  it('cuts 30 s MP3 segments with reset timestamps inside the output dir', () => {
    // Act
    const args = buildAudioSegmentArgs({ input: '/job/in.mp4', outputDir: '/job/segments' });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-i', '/job/in.mp4',
      '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-c:a', 'libmp3lame', '-q:a', '2',
      '-f', 'segment', '-segment_format', 'mp3',
      '-segment_time', '30', '-reset_timestamps', '1',
      '-y', '/job/segments/segment-%03d.mp3',
    ]);
  });

  it.each([
    [{ basename: '../escape' }],
    [{ basename: 'a%d' }],
    [{ outputDir: 'relative' }],
    [{ segmentDurationSec: 0 }],
  ])('refuses %j', (override) => {
    // Act & Assess
    expect(() =>
      buildAudioSegmentArgs({ input: '/in.mp4', outputDir: '/out', ...override }),
    ).toThrow(TypeError);
  });

  describe('with real ffmpeg', () => {
    let dir: string;
    let remove: () => Promise<void>;
    beforeEach(async () => ({ dir, remove } = await createTempDir()));
    afterEach(async () => remove());

    it.each([
      ['mp3', 'mp3', '44100', 1],
      ['wav', 'pcm_s16le', '16000', 1],
    ] as const)(
      'splits 70 s into 30 + 30 + 10 s %s segments, each starting at 0',
      async (format, codec, rate, channels) => {
        // Prepare
        const input = await makeClip(join(dir, 'talk.wav'), { durationSec: 70, video: false });

        // Act
        await runFfmpeg({
          operation: 'segment-audio',
          args: buildAudioSegmentArgs({ input, outputDir: dir, format, basename: 'part' }),
        });

        // Assess
        const names = (await readdir(dir)).filter((name) => name.startsWith('part-')).sort();
        expect(names).toEqual([`part-000.${format}`, `part-001.${format}`, `part-002.${format}`]);
        const probes = await Promise.all(names.map((name) => ffprobeJson(join(dir, name))));
        const durations = probes.map(({ format: container }) => Number(container.duration));
        expect(durations[0]).toBeCloseTo(30, 1);
        expect(durations[1]).toBeCloseTo(30, 1);
        expect(durations[2]).toBeCloseTo(10, 1);
        for (const { streams } of probes) {
          expect(streams).toHaveLength(1);
          expect(streams[0]).toMatchObject({ codec_name: codec, sample_rate: rate, channels });
          expect(
            Math.abs(Number((streams[0] as { start_time?: string }).start_time ?? 0)),
          ).toBeLessThan(0.1);
        }
      },
    );
  });
});
