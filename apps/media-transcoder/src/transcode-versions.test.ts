import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { updateManifest } from '@reel/manifest';
import { buildJobKey } from '@reel/storage';
import { lambdaContext } from '@reel/test-jobs';
import {
  generateSource,
  jobKeys,
  manifestOf,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';

const suite = useTranscodeSuite('media-transcoder-versions');

// One small rung, no early publish: this file is about folders, not encodes.
const transcode = {
  rungs: [240],
  segmentDurationSec: 2,
  thumbnailIntervalSec: 2,
  x264Preset: 'ultrafast',
  lowestRungFirst: false,
};

describe('media-transcoder: version folders', () => {
  it('writes each transcode in a new version folder and removes versions past their retention at the next one', async () => {
    // Prepare: the input itself is the source (no render).
    const sourcePath = join(suite.dir, 'talk.mp4');
    await generateSource(sourcePath, { durationSec: 4 });
    const job = await suite.environment.createJob('versions', sourcePath);
    // The transcript's captions (on the input's timeline) travel with the input's streams.
    const vttKey = buildJobKey({ ...job, kind: 'transcripts', name: 'transcript.vtt' });
    await suite.environment.dependencies.storage.putStream({
      key: vttKey,
      body: Readable.from(['WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHello\n']),
    });
    await updateManifest(suite.environment.dependencies.manifests, job, (draft) => {
      draft.results.transcript = {
        transcriptKey: buildJobKey({ ...job, kind: 'transcripts', name: 'transcript.json' }),
        srtKey: buildJobKey({ ...job, kind: 'transcripts', name: 'transcript.srt' }),
        vttKey,
        provider: 'local-pocketsphinx',
        language: 'en-US',
        wordCount: 1,
        fillerCount: 0,
        durationMs: 4000,
      };
      return draft;
    });
    const run = (retentionHours: number) =>
      suite.handler(
        { job, options: { transcode: { ...transcode, retentionHours } }, step: 'media-transcoder' },
        lambdaContext,
      );
    const versionsStored = async () =>
      [
        ...new Set((await jobKeys(suite, job)).flatMap((key) => /\/(v\d+)\//.exec(key)?.[1] ?? [])),
      ].sort();

    // Act: three transcodes; the third keeps nothing older than its own predecessor.
    await run(168);
    const firstManifest = await manifestOf(suite, 'versions');
    const first = firstManifest?.results.transcode;
    await run(168);
    const second = (await manifestOf(suite, 'versions'))?.results.transcode;
    // v1 was superseded long ago: the next transcode with a 1 h retention removes it.
    await updateManifest(suite.environment.dependencies.manifests, job, (draft) => {
      const previous = draft.results.transcode?.previousVersions[0];
      if (previous !== undefined) previous.supersededAt = '2026-01-01T00:00:00.000Z';
      return draft;
    });
    await run(1);
    const third = (await manifestOf(suite, 'versions'))?.results.transcode;

    // Assess
    expect(first).toMatchObject({
      version: 'v1',
      sourceKey: firstManifest?.input?.key,
      previousVersions: [],
    });
    expect(first?.subtitles).toEqual({
      language: 'en',
      vttKey: 'dev/acme/versions/renditions/cmaf/v1/subtitles/en.vtt',
      playlistKey: 'dev/acme/versions/renditions/cmaf/v1/subtitles/en.m3u8',
    });
    expect(second?.version).toBe('v2');
    expect(second?.hlsMasterKey).toBe('dev/acme/versions/renditions/cmaf/v2/master.m3u8');
    expect(second?.previousVersions.map(({ version }) => version)).toEqual(['v1']);
    expect(third?.version).toBe('v3');
    expect(third?.previousVersions.map(({ version }) => version)).toEqual(['v2']);
    expect(await versionsStored()).toEqual(['v2', 'v3']);
    const v3Keys = (await jobKeys(suite, job)).filter((key) => key.includes('/v3/'));
    expect(v3Keys).toEqual(
      expect.arrayContaining([
        'renditions/cmaf/v3/master.m3u8',
        'renditions/cmaf/v3/manifest.mpd',
        'renditions/cmaf/v3/240p/index.m3u8',
        'renditions/cmaf/v3/240p/init.mp4',
        'renditions/cmaf/v3/240p/seg-00002.m4s',
        'renditions/cmaf/v3/audio/seg-00002.m4s',
        'renditions/mp4/v3/240p.mp4',
        'thumbnails/v3/poster.jpg',
        'thumbnails/v3/storyboard.vtt',
      ]),
    );
  });
});
