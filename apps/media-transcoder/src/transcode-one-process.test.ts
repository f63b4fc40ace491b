import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import {
  addRender,
  beforePutFile,
  downloadFolder,
  generateSource,
  integratedLoudness,
  jobKeys,
  joinRendition,
  keyframeTimes,
  manifestOf,
  meanLuma,
  probeStreams,
  tileSimilarity,
  topLevelBoxes,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import {
  mpdSegmentFiles,
  parseMaster,
  parseMpd,
  readMediaPlaylist,
} from '../tests/support/stream-checks';

const SOURCE_SEC = 6;
const FPS = 25;
const FRAME_SEC = 1 / FPS;

/** Every master playlist text written, in order (the playable one first, then the final one). */
const mastersWritten: string[] = [];

const suite = useTranscodeSuite('media-transcoder-one-process', {
  wrap: beforePutFile(async ({ key, path }) => {
    if (key.endsWith('/master.m3u8')) mastersWritten.push(await readFile(path, 'utf8'));
  }),
});

const CAPTIONS =
  'WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nHello there\n\n00:00:03.000 --> 00:00:05.000\nSecond cue\n';

describe('media-transcoder: one process', () => {
  it('packages the render as a 360p + 240p ladder, HLS and DASH over the same CMAF segments, with MP4, pictures, captions and loudness', async () => {
    // Prepare: a render whose first 2 s are black, with captions.
    const sourcePath = join(suite.dir, 'render.mp4');
    await generateSource(sourcePath, { durationSec: SOURCE_SEC, blackSec: 2 });
    const job = await suite.environment.createJob('ladder', sourcePath);
    const { videoKey } = await addRender(suite, job, {
      path: sourcePath,
      vtt: CAPTIONS,
      durationSec: SOURCE_SEC,
    });
    const options = {
      transcode: {
        rungs: [360, 240],
        segmentDurationSec: 2,
        thumbnailIntervalSec: 2,
        x264Preset: 'ultrafast',
        loudnessTarget: 'podcast',
      },
    };

    // Act
    const response = await suite.handler({ job, options, step: 'media-transcoder' }, lambdaContext);

    // Assess: the step and its result
    expect(response.status).toBe('succeeded');
    const manifest = await manifestOf(suite, 'ladder');
    expect(manifest?.steps['media-transcoder']?.status).toBe('succeeded');
    const result = manifest?.results.transcode;
    if (result === undefined) throw new Error('No transcode result recorded');
    expect(result).toMatchObject({
      version: 'v1',
      sourceKey: videoKey,
      hlsMasterKey: 'dev/acme/ladder/renditions/cmaf/v1/master.m3u8',
      dashManifestKey: 'dev/acme/ladder/renditions/cmaf/v1/manifest.mpd',
      mp4Key: 'dev/acme/ladder/renditions/mp4/v1/360p.mp4',
      segmentDurationSec: 2,
      chunkCount: 1,
      previousVersions: [],
      posterKey: 'dev/acme/ladder/thumbnails/v1/poster.jpg',
      subtitles: {
        language: 'und',
        vttKey: 'dev/acme/ladder/renditions/cmaf/v1/subtitles/und.vtt',
      },
      audio: {
        name: 'audio',
        codecs: 'mp4a.40.2',
        channels: 1,
        sampleRateHz: 48_000,
      },
    });
    expect(result.video.map(({ name, height }) => [name, height])).toEqual([
      ['360p', 360],
      ['240p', 240],
    ]);
    for (const rendition of result.video) {
      expect(rendition.width % 2).toBe(0);
      expect(rendition.width / rendition.height).toBeCloseTo(16 / 9, 1);
      expect(rendition).toMatchObject({
        frameRate: FPS,
        segmentCount: 3,
        frameCount: SOURCE_SEC * FPS,
      });
      expect(rendition.codecs).toMatch(/^avc1\.64/);
      expect(rendition.bandwidthBps).toBeGreaterThanOrEqual(rendition.averageBandwidthBps);
    }
    expect(result.thumbnails?.keys).toHaveLength(3);
    // The step's outputs: every playlist, also those the early publish stored (240p, audio).
    const outputs = manifest?.steps['media-transcoder']?.outputs ?? [];
    const v1 = 'dev/acme/ladder/renditions/cmaf/v1';
    expect(outputs.map(({ key }) => key)).toEqual([
      `${v1}/master.m3u8`,
      `${v1}/manifest.mpd`,
      `${v1}/360p/index.m3u8`,
      `${v1}/240p/index.m3u8`,
      `${v1}/audio/index.m3u8`,
      `${v1}/subtitles/und.m3u8`,
      `${v1}/subtitles/und.vtt`,
      'dev/acme/ladder/renditions/mp4/v1/360p.mp4',
      'dev/acme/ladder/thumbnails/v1/poster.jpg',
      'dev/acme/ladder/thumbnails/v1/sprite.jpg',
      'dev/acme/ladder/thumbnails/v1/storyboard.vtt',
    ]);

    // Assess: the stored files, as a player reads them
    const versionDir = await downloadFolder(
      suite,
      job,
      'renditions/cmaf/v1',
      join(suite.dir, 'v1'),
    );
    const master = parseMaster(await readFile(join(versionDir, 'master.m3u8'), 'utf8'));
    expect(master.lines).toContain('#EXT-X-VERSION:7');
    expect(master.variants.map(({ uri }) => uri)).toEqual(['360p/index.m3u8', '240p/index.m3u8']);
    for (const [index, variant] of master.variants.entries()) {
      const rendition = result.video[index];
      expect(variant.attributes.RESOLUTION).toBe(`${rendition?.width}x${rendition?.height}`);
      expect(variant.attributes.CODECS).toBe(`${rendition?.codecs},mp4a.40.2`);
      expect(Number(variant.attributes['FRAME-RATE'])).toBe(FPS);
      expect(Number(variant.attributes.BANDWIDTH)).toBeGreaterThan(rendition?.bandwidthBps ?? 0);
      expect(variant.attributes['AVERAGE-BANDWIDTH']).toBeDefined();
    }
    expect(master.media.map(({ TYPE, URI }) => [TYPE, URI])).toEqual([
      ['SUBTITLES', 'subtitles/und.m3u8'],
      ['AUDIO', 'audio/index.m3u8'],
    ]);
    const mpd = parseMpd(await readFile(join(versionDir, 'manifest.mpd'), 'utf8'));
    expect(mpd.map(({ id }) => id)).toEqual(['360p', '240p', 'audio', 'subtitles']);
    const keyframes: number[][] = [];
    for (const name of ['360p', '240p', 'audio']) {
      const playlist = await readMediaPlaylist(versionDir, name);
      const hlsFiles = playlist.segments.map(({ uri }) => uri);
      const representation = mpd.find(({ id }) => id === name);
      // HLS and DASH name the very same files, and they are stored.
      expect(playlist.mapUri).toBe('init.mp4');
      expect(representation?.initialization).toBe(`${name}/init.mp4`);
      expect(representation && mpdSegmentFiles(representation)).toEqual(
        hlsFiles.map((file) => `${name}/${file}`),
      );
      expect(hlsFiles.slice(0, 3)).toEqual(['seg-00001.m4s', 'seg-00002.m4s', 'seg-00003.m4s']);
      const joined = await joinRendition(
        join(versionDir, name),
        hlsFiles,
        join(suite.dir, `${name}.mp4`),
      );
      if (name === 'audio') {
        const audioSec = playlist.segments.reduce((sum, { durationSec }) => sum + durationSec, 0);
        expect(Math.abs(audioSec - SOURCE_SEC)).toBeLessThan(0.1);
        // The recorded loudness is the output's, normalised to the podcast target.
        const measured = await integratedLoudness(joined);
        expect(Math.abs((result.loudness?.integratedLufs ?? 0) - measured)).toBeLessThanOrEqual(
          0.5,
        );
        expect(Math.abs(measured - -16)).toBeLessThanOrEqual(1);
        expect(result.loudness?.targetLufs).toBe(-16);
        continue;
      }
      for (const segment of playlist.segments) {
        expect(Math.abs(segment.durationSec - 2)).toBeLessThanOrEqual(FRAME_SEC);
      }
      const [video] = await probeStreams(joined);
      expect(Number(video?.nb_read_packets)).toBe(SOURCE_SEC * FPS);
      keyframes.push(await keyframeTimes(joined));
    }
    // Closed GOPs on the same grid: every rung's keyframes at exactly the same times.
    expect(keyframes[0]).toEqual([0, 2, 4]);
    expect(keyframes[1]).toEqual(keyframes[0]);
    expect(await readFile(join(versionDir, 'subtitles', 'und.vtt'), 'utf8')).toBe(CAPTIONS);
    for (const name of ['240p/index.m3u8', 'audio/index.m3u8']) {
      const output = outputs.find(({ key }) => key === `${v1}/${name}`);
      expect(output?.bytes).toBe((await stat(join(versionDir, name))).size);
    }

    // The MP4: the top rung remuxed with the sound, moov before mdat (+faststart).
    const mp4Dir = await downloadFolder(suite, job, 'renditions/mp4/v1', join(suite.dir, 'mp4'));
    const mp4 = join(mp4Dir, '360p.mp4');
    expect((await topLevelBoxes(mp4)).filter((box) => box === 'moov' || box === 'mdat')).toEqual([
      'moov',
      'mdat',
    ]);
    const mp4Streams = await probeStreams(mp4);
    expect(mp4Streams.map(({ codec_type }) => codec_type).sort()).toEqual(['audio', 'video']);
    expect(
      Number(mp4Streams.find(({ codec_type }) => codec_type === 'video')?.nb_read_packets),
    ).toBe(SOURCE_SEC * FPS);

    // The poster is not one of the black frames the render opens with.
    const pictures = await downloadFolder(suite, job, 'thumbnails/v1', join(suite.dir, 'pictures'));
    expect(await meanLuma(join(pictures, 'poster.jpg'))).toBeGreaterThan(40);
    // Each storyboard cue's tile is the picture at the cue's start, not another moment's.
    const storyboard = await readFile(join(pictures, 'storyboard.vtt'), 'utf8');
    const cues = [
      ...storyboard.matchAll(
        /(\d\d):(\d\d):(\d\d\.\d{3}) --> .*\n(sprite\.jpg)#xywh=(\d+),(\d+),(\d+),(\d+)/g,
      ),
    ].map(([, hours, minutes, seconds, , ...xywh]) => ({
      startSec: Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds),
      xywh: xywh.map(Number) as [number, number, number, number],
    }));
    expect(cues.map(({ startSec }) => startSec)).toEqual([0, 2, 4]);
    const spritePath = join(pictures, 'sprite.jpg');
    for (const { startSec, xywh } of cues.slice(1)) {
      const same = await tileSimilarity({ spritePath, xywh, videoPath: mp4, atSec: startSec });
      const other = await tileSimilarity({
        spritePath,
        xywh,
        videoPath: mp4,
        atSec: startSec === 2 ? 4.5 : 2.5,
      });
      expect(same).toBeGreaterThan(0.9);
      expect(same).toBeGreaterThan(other + 0.05);
    }

    // Time to playable: the first master stored listed the lowest rung alone.
    expect(mastersWritten).toHaveLength(2);
    const playableMaster = parseMaster(mastersWritten[0] ?? '');
    expect(playableMaster.variants.map(({ uri }) => uri)).toEqual(['240p/index.m3u8']);
    // …with the captions already: the same SUBTITLES group as the final master.
    expect(playableMaster.media).toEqual(master.media);
    expect(playableMaster.variants[0]?.attributes.SUBTITLES).toBe(
      master.variants[0]?.attributes.SUBTITLES,
    );
    const percents = suite.progress.messages.map(({ percent }) => percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents.some((percent) => percent > 0 && percent < 100)).toBe(true);
    expect(await suite.environment.scratchLeft()).toEqual([]);
    expect((await jobKeys(suite, job)).some((key) => key.includes('chunks/'))).toBe(false);
  });
});

describe('media-transcoder: a 1080p source', () => {
  it('makes the default 1080p / 720p / 480p ladder with keyframes at the same times on every rung', async () => {
    // Prepare
    const sourcePath = join(suite.dir, 'full-hd.mp4');
    await generateSource(sourcePath, { durationSec: 4, size: '1920x1080' });
    const job = await suite.environment.createJob('full-hd', sourcePath);
    const transcode = { segmentDurationSec: 2, x264Preset: 'ultrafast', thumbnailIntervalSec: 4 };

    // Act
    const response = await suite.handler(
      { job, options: { transcode }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    expect(response.status).toBe('succeeded');
    const result = (await manifestOf(suite, 'full-hd'))?.results.transcode;
    expect(result?.video.map(({ name, width, height }) => [name, width, height])).toEqual([
      ['1080p', 1920, 1080],
      ['720p', 1280, 720],
      ['480p', 854, 480],
    ]);
    const versionDir = await downloadFolder(
      suite,
      job,
      'renditions/cmaf/v1',
      join(suite.dir, 'hd'),
    );
    const master = parseMaster(await readFile(join(versionDir, 'master.m3u8'), 'utf8'));
    expect(master.variants.map(({ attributes }) => attributes.RESOLUTION)).toEqual([
      '1920x1080',
      '1280x720',
      '854x480',
    ]);
    const mpd = parseMpd(await readFile(join(versionDir, 'manifest.mpd'), 'utf8'));
    const keyframes: number[][] = [];
    for (const name of ['1080p', '720p', '480p']) {
      const playlist = await readMediaPlaylist(versionDir, name);
      const files = playlist.segments.map(({ uri }) => uri);
      const representation = mpd.find(({ id }) => id === name);
      expect(representation && mpdSegmentFiles(representation)).toEqual(
        files.map((file) => `${name}/${file}`),
      );
      const joined = await joinRendition(
        join(versionDir, name),
        files,
        join(suite.dir, `hd-${name}.mp4`),
      );
      keyframes.push(await keyframeTimes(joined));
    }
    expect(keyframes).toEqual([
      [0, 2],
      [0, 2],
      [0, 2],
    ]);
  });
});
