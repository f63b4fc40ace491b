import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import {
  downloadFolder,
  generateAudioSource,
  jobKeys,
  manifestOf,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import { parseMaster, parseMpd, readMediaPlaylist } from '../tests/support/stream-checks';

const suite = useTranscodeSuite('media-transcoder-audio-only');

describe('media-transcoder: a source without a picture', () => {
  it('packages a sound-only input as audio-only HLS and DASH, with no MP4 nor pictures', async () => {
    // Prepare
    const sourcePath = join(suite.dir, 'episode.m4a');
    await generateAudioSource(sourcePath, 5);
    const job = await suite.environment.createJob('podcast', sourcePath);

    // Act
    const response = await suite.handler(
      { job, options: { transcode: { segmentDurationSec: 2 } }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const result = (await manifestOf(suite, 'podcast'))?.results.transcode;
    expect(result).toMatchObject({
      version: 'v1',
      video: [],
      audio: {
        name: 'audio',
        codecs: 'mp4a.40.2',
        channels: 1,
        sampleRateHz: 44_100,
        segmentCount: 3,
      },
      chunkCount: 1,
    });
    expect(result?.mp4Key).toBeUndefined();
    expect(result?.posterKey).toBeUndefined();
    expect(result?.thumbnails).toBeUndefined();
    expect(result?.loudness?.integratedLufs).toBeLessThan(0);
    const versionDir = await downloadFolder(
      suite,
      job,
      'renditions/cmaf/v1',
      join(suite.dir, 'v1'),
    );
    const master = parseMaster(await readFile(join(versionDir, 'master.m3u8'), 'utf8'));
    expect(master.variants).toEqual([
      expect.objectContaining({
        uri: 'audio/index.m3u8',
        attributes: expect.objectContaining({ CODECS: 'mp4a.40.2' }),
      }),
    ]);
    expect(master.variants[0]?.attributes.RESOLUTION).toBeUndefined();
    const mpd = parseMpd(await readFile(join(versionDir, 'manifest.mpd'), 'utf8'));
    expect(mpd.map(({ id }) => id)).toEqual(['audio']);
    const playlist = await readMediaPlaylist(versionDir, 'audio');
    expect(playlist.segments.reduce((sum, { durationSec }) => sum + durationSec, 0)).toBeCloseTo(
      5,
      1,
    );
    expect(
      (await jobKeys(suite, job)).filter(
        (key) => key.startsWith('renditions/mp4') || key.startsWith('thumbnails'),
      ),
    ).toEqual([]);
  });
});
