import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateManifest } from '@reel/manifest';
import { renderOptionsSchema } from '@reel/media-types';
import { buildJobKey } from '@reel/storage';
import { lambdaContext } from '@reel/test-jobs';
import {
  downloadFolder,
  ffmpeg,
  joinRendition,
  manifestOf,
  probeStreams,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import { readMediaPlaylist } from '../tests/support/stream-checks';

const suite = useTranscodeSuite('media-transcoder-mono');

/** A mono podcast MP3 as podcasts are published: 44.1 kHz, 64 kbit/s CBR, one voice-like tone. */
async function generateMonoMp3(path: string, durationSec: number): Promise<void> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=44100:duration=${durationSec}`],
    ...['-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-y', path],
  ]);
}

/** The published AAC rendition (init + segments joined), as ffprobe sees its one stream. */
async function publishedAudio(jobId: string, job: Parameters<typeof downloadFolder>[1]) {
  const versionDir = await downloadFolder(
    suite,
    job,
    'renditions/cmaf/v1',
    join(suite.dir, `${jobId}-v1`),
  );
  const playlist = await readMediaPlaylist(versionDir, 'audio');
  const joined = join(suite.dir, `${jobId}-audio.mp4`);
  await joinRendition(
    join(versionDir, 'audio'),
    playlist.segments.map(({ uri }) => uri),
    joined,
  );
  return probeStreams(joined);
}

describe('media-transcoder: a mono podcast MP3', () => {
  it('keeps a mono MP3 input mono: one AAC-LC channel at the source rate in every segment', async () => {
    // Prepare
    const sourcePath = join(suite.dir, 'episode.mp3');
    await generateMonoMp3(sourcePath, 6);
    const job = await suite.environment.createJob('mono-input', sourcePath);

    // Act
    const response = await suite.handler(
      { job, options: { transcode: { segmentDurationSec: 2 } }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const result = (await manifestOf(suite, 'mono-input'))?.results.transcode;
    expect(result?.audio).toMatchObject({ channels: 1, sampleRateHz: 44_100 });
    const streams = await publishedAudio('mono-input', job);
    expect(streams).toEqual([
      expect.objectContaining({
        codec_type: 'audio',
        codec_name: 'aac',
        profile: 'LC',
        channels: 1,
        sample_rate: '44100',
      }),
    ]);
  });

  it("keeps an audio-only render's mono MP3 (the podcast episode) mono", async () => {
    // Prepare
    const inputPath = join(suite.dir, 'raw.mp3');
    const episodePath = join(suite.dir, 'episode-render.mp3');
    await generateMonoMp3(inputPath, 8);
    await generateMonoMp3(episodePath, 5);
    const job = await suite.environment.createJob('mono-render', inputPath);
    const mp3Key = buildJobKey({ ...job, kind: 'renders', name: 'episode.mp3' });
    await suite.environment.dependencies.storage.putFile({ key: mp3Key, path: episodePath });
    await updateManifest(suite.environment.dependencies.manifests, job, (draft) => {
      draft.results.render = {
        mp3Key,
        durationSec: 5,
        audioCodec: 'mp3',
        planKey: buildJobKey({ ...job, kind: 'plan', name: 'cut-plan.json' }),
        planSha256: '0'.repeat(64),
        mode: 'cut',
        options: renderOptionsSchema.parse({}),
        pieces: [],
        removedSec: 3,
      };
      return draft;
    });

    // Act
    const response = await suite.handler(
      { job, options: { transcode: { segmentDurationSec: 2 } }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const result = (await manifestOf(suite, 'mono-render'))?.results.transcode;
    expect(result?.sourceKey).toBe(mp3Key);
    expect(result?.video).toEqual([]);
    expect(result?.audio).toMatchObject({ channels: 1, sampleRateHz: 44_100 });
    const [stream] = await publishedAudio('mono-render', job);
    expect(stream).toMatchObject({ codec_name: 'aac', profile: 'LC', channels: 1 });
    expect(Number(stream?.duration)).toBeCloseTo(5, 0);
  });
});
