import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { playStream } from '@reel/stream-player';
import { lambdaContext } from '@reel/test-jobs';
import {
  downloadFolder,
  generateSource,
  manifestOf,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import { parseMaster, parseMpd } from '../tests/support/stream-checks';

// The same handler on S3 + DynamoDB stand-ins (s3rver + dynalite on loopback), and the output
// played as a CDN would serve the version folder: hls.js and dash.js in headless Chromium.
const suite = useTranscodeSuite('media-transcoder-aws', { backend: 'aws' });

describe('media-transcoder on the aws backend (s3rver + dynalite)', () => {
  it('publishes a version that hls.js and dash.js play, switching renditions', async () => {
    // Prepare
    const sourcePath = join(suite.dir, 'talk.mp4');
    await generateSource(sourcePath, { durationSec: 8 });
    const job = await suite.environment.createJob('on-s3', sourcePath);
    const transcode = {
      rungs: [360, 240],
      segmentDurationSec: 2,
      thumbnailIntervalSec: 4,
      x264Preset: 'ultrafast',
    };

    // Act
    const response = await suite.handler(
      { job, options: { transcode }, step: 'media-transcoder' },
      lambdaContext,
    );
    const versionDir = await downloadFolder(
      suite,
      job,
      'renditions/cmaf/v1',
      join(suite.dir, 'v1'),
    );
    const hls = await playStream({ rootDir: versionDir, entryPath: 'master.m3u8', kind: 'hls' });
    const dash = await playStream({ rootDir: versionDir, entryPath: 'manifest.mpd', kind: 'dash' });

    // Assess
    expect(response.status).toBe('succeeded');
    const result = (await manifestOf(suite, 'on-s3'))?.results.transcode;
    expect(result?.video.map(({ name }) => name)).toEqual(['360p', '240p']);
    expect(result?.hlsMasterKey).toBe('dev/acme/on-s3/renditions/cmaf/v1/master.m3u8');
    const master = parseMaster(await readFile(join(versionDir, 'master.m3u8'), 'utf8'));
    expect(master.variants).toHaveLength(2);
    expect(parseMpd(await readFile(join(versionDir, 'manifest.mpd'), 'utf8'))).toHaveLength(3);
    for (const report of [hls, dash]) {
      expect(report.mediaErrors).toEqual([]);
      expect(report.playedSec).toBeGreaterThanOrEqual(2);
      expect(report.renditions).toBe(2);
      expect(report.renditionSwitches.length).toBeGreaterThan(0);
    }
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });
});
