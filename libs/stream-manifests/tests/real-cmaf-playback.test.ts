import { launchChromium, playStream } from '@reel/stream-player';
import { execa } from 'execa';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDashManifest,
  buildHlsMasterPlaylist,
  buildSubtitlePlaylist,
  measureBandwidth,
  parseMediaPlaylist,
  type MediaPlaylist,
} from '../src/index';

const DURATION_SEC = 10;
const SEGMENT_SEC = 2;
const RUNGS = [
  { name: '360p', width: 640, height: 360, bitrate: '700k', level: '3.0', codecs: 'avc1.64001e' },
  { name: '240p', width: 426, height: 240, bitrate: '300k', level: '2.1', codecs: 'avc1.640015' },
] as const;

interface PackagedRendition {
  name: string;
  playlist: MediaPlaylist;
  peakBps: number;
  averageBps: number;
}

/** Encodes the rungs (forced keyframes every 2 s, scene cuts off) and the AAC track in one run. */
async function encodeSources(workDir: string): Promise<void> {
  const video = RUNGS.flatMap(({ name, bitrate, level }, index) => [
    ...['-map', `[v${index}]`, '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high'],
    ...['-level:v', level, '-b:v', bitrate, '-maxrate', bitrate, '-bufsize', bitrate],
    ...['-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SEC})`, '-sc_threshold', '0'],
    ...['-pix_fmt', 'yuv420p', '-an', join(workDir, `${name}.mp4`)],
  ]);
  const scaled = RUNGS.map(
    ({ width, height }, index) => `[s${index}]scale=${width}:${height}[v${index}]`,
  );
  await execa('ffmpeg', [
    ...[
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=640x360:rate=30:duration=${DURATION_SEC}`,
    ],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${DURATION_SEC}`],
    ...['-filter_complex', `[0:v]split=2[s0][s1];${scaled.join(';')}`],
    ...video,
    ...[
      '-map',
      '1:a',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-ac',
      '2',
      '-vn',
      join(workDir, 'audio.m4a'),
    ],
  ]);
}

/** The packaging step of issue 11: stream copy into CMAF segments numbered from 1. */
async function packageCmaf(input: string, outputDir: string): Promise<void> {
  await mkdir(outputDir, { recursive: true });
  await execa('ffmpeg', [
    ...['-v', 'error', '-i', input, '-c', 'copy', '-f', 'hls', '-hls_segment_type', 'fmp4'],
    ...['-hls_playlist_type', 'vod', '-hls_fmp4_init_filename', 'init.mp4'],
    ...['-hls_segment_filename', join(outputDir, 'seg-%05d.m4s'), '-start_number', '1'],
    ...['-hls_time', String(SEGMENT_SEC), join(outputDir, 'index.m3u8')],
  ]);
}

async function readRendition(streamDir: string, name: string): Promise<PackagedRendition> {
  const playlist = parseMediaPlaylist(await readFile(join(streamDir, name, 'index.m3u8'), 'utf8'));
  const sizes = await Promise.all(
    playlist.segments.map(({ uri }) => stat(join(streamDir, name, uri)).then(({ size }) => size)),
  );
  const bandwidth = measureBandwidth(
    playlist.segments.map(({ durationSec }, index) => ({ durationSec, bytes: sizes[index]! })),
    { targetDurationSec: playlist.targetDurationSec },
  );
  return { name, playlist, ...bandwidth };
}

async function probeVideo(file: string) {
  const { stdout } = await execa('ffprobe', [
    ...[
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=profile,level,width,height',
    ],
    ...['-of', 'json', file],
  ]);
  return (JSON.parse(stdout) as { streams: { profile: string; level: number }[] }).streams[0]!;
}

/** Every segment file an MPD's SegmentTemplates name: `media` × (startNumber … + S count). */
function segmentFilesInMpd(mpd: string): string[] {
  const templates = [
    ...mpd.matchAll(
      /<SegmentTemplate [^>]*media="([^"]+)" startNumber="(\d+)">([\s\S]*?)<\/SegmentTemplate>/g,
    ),
  ];
  return templates.flatMap(([, media = '', startNumber = '', timeline = '']) => {
    const count = [...timeline.matchAll(/<S [^>]*?(?: r="(\d+)")?\/>/g)].reduce(
      (sum, [, repeat]) => sum + 1 + Number(repeat ?? 0),
      0,
    );
    return Array.from({ length: count }, (_, index) =>
      media.replace(/\$Number%05d\$/, String(Number(startNumber) + index).padStart(5, '0')),
    );
  });
}

describe('HLS master and DASH MPD over real CMAF segments', () => {
  let workDir: string;
  let streamDir: string;
  let browser: Browser;
  let video: PackagedRendition[];
  let audio: PackagedRendition;
  let mpd: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'stream-manifests-cmaf-'));
    streamDir = join(workDir, 'stream');
    const launching = launchChromium();
    try {
      await encodeSources(workDir);
      await Promise.all([
        ...RUNGS.map(({ name }) =>
          packageCmaf(join(workDir, `${name}.mp4`), join(streamDir, name)),
        ),
        packageCmaf(join(workDir, 'audio.m4a'), join(streamDir, 'audio')),
      ]);
    } finally {
      browser = await launching;
    }
    video = await Promise.all(RUNGS.map(({ name }) => readRendition(streamDir, name)));
    audio = await readRendition(streamDir, 'audio');

    await mkdir(join(streamDir, 'subtitles'));
    await writeFile(
      join(streamDir, 'subtitles', 'en.vtt'),
      'WEBVTT\n\n00:00:00.500 --> 00:00:04.000\nHello from reel\n\n00:00:04.000 --> 00:00:09.000\nSecond cue\n',
    );
    await writeFile(
      join(streamDir, 'subtitles', 'en.m3u8'),
      buildSubtitlePlaylist({ vttUri: 'en.vtt', durationSec: DURATION_SEC }),
    );
    const audioInput = { codecs: 'mp4a.40.2', channels: 2, bandwidthBps: audio.peakBps };
    await writeFile(
      join(streamDir, 'master.m3u8'),
      buildHlsMasterPlaylist({
        video: video.map((rendition, index) => ({
          uri: `${rendition.name}/index.m3u8`,
          bandwidthBps: rendition.peakBps,
          averageBandwidthBps: rendition.averageBps,
          width: RUNGS[index]!.width,
          height: RUNGS[index]!.height,
          frameRate: 30,
          codecs: RUNGS[index]!.codecs,
        })),
        audio: {
          ...audioInput,
          groupId: 'audio',
          name: 'Main',
          uri: 'audio/index.m3u8',
          averageBandwidthBps: audio.averageBps,
        },
        subtitles: { groupId: 'subs', name: 'English', uri: 'subtitles/en.m3u8', language: 'en' },
      }),
    );
    const segmentSource = ({ name, playlist }: PackagedRendition) => ({
      initUri: `${name}/${playlist.mapUri}`,
      mediaTemplate: `${name}/seg-$Number%05d$.m4s`,
      startNumber: 1,
      segmentDurationsSec: playlist.segments.map(({ durationSec }) => durationSec),
    });
    mpd = buildDashManifest({
      durationSec: DURATION_SEC,
      video: video.map((rendition, index) => ({
        ...segmentSource(rendition),
        id: rendition.name,
        width: RUNGS[index]!.width,
        height: RUNGS[index]!.height,
        frameRate: 30,
        bandwidthBps: rendition.peakBps,
        codecs: RUNGS[index]!.codecs,
      })),
      audio: { ...audioInput, ...segmentSource(audio), id: 'audio', sampleRateHz: 48_000 },
      subtitles: { id: 'subtitles-en', language: 'en', uri: 'subtitles/en.vtt' },
    });
    await writeFile(join(streamDir, 'manifest.mpd'), mpd);
    // The audio-only case of an input without a video stream, over the same audio files.
    await writeFile(
      join(streamDir, 'audio-only.m3u8'),
      buildHlsMasterPlaylist({
        video: [],
        audio: { ...audioInput, groupId: 'audio', name: 'Main', uri: 'audio/index.m3u8' },
      }),
    );
    await writeFile(
      join(streamDir, 'audio-only.mpd'),
      buildDashManifest({
        durationSec: DURATION_SEC,
        video: [],
        audio: { ...audioInput, ...segmentSource(audio), id: 'audio', sampleRateHz: 48_000 },
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('reads ffmpeg’s CMAF playlists: init segment, 2 s segments numbered from 1, complete', () => {
    // Assess
    for (const { playlist } of [...video, audio]) {
      expect(playlist.mapUri).toBe('init.mp4');
      expect(playlist.endList).toBe(true);
      expect(playlist.segments[0]!.uri).toBe('seg-00001.m4s');
      const totalSec = playlist.segments.reduce((sum, { durationSec }) => sum + durationSec, 0);
      expect(totalSec).toBeCloseTo(DURATION_SEC, 1);
    }
    for (const { playlist } of video) {
      // Forced keyframes every 2 s: every segment is 2 s to the frame.
      expect(playlist.segments.map(({ durationSec }) => durationSec)).toEqual(
        Array.from({ length: DURATION_SEC / SEGMENT_SEC }, () => SEGMENT_SEC),
      );
    }
  });

  it('declares the codec strings the encoder actually wrote', async () => {
    // Act
    const probes = await Promise.all(
      RUNGS.map(({ name }) => probeVideo(join(workDir, `${name}.mp4`))),
    );

    // Assess: avc1.PPCCLL = profile_idc 100 (High), no constraint flags, level_idc.
    probes.forEach(({ profile, level }, index) => {
      expect(profile).toBe('High');
      expect(RUNGS[index]!.codecs).toBe(`avc1.6400${level.toString(16).padStart(2, '0')}`);
    });
  });

  it('measures a peak at or above the average, within the rung’s rate-control cap', () => {
    // Assess: maxrate = bufsize = the target, so no 2 s run can far exceed it.
    video.forEach(({ peakBps, averageBps }, index) => {
      const targetBps = Number.parseInt(RUNGS[index]!.bitrate, 10) * 1000;
      expect(peakBps).toBeGreaterThanOrEqual(averageBps);
      expect(peakBps).toBeLessThan(targetBps * 1.6);
      expect(averageBps).toBeGreaterThan(targetBps * 0.2);
    });
  });

  it('has the MPD name exactly the segment files the HLS playlists list', () => {
    // Prepare
    const hlsFiles = [...video, audio].flatMap(({ name, playlist }) =>
      playlist.segments.map(({ uri }) => `${name}/${uri}`),
    );

    // Assess
    expect(segmentFilesInMpd(mpd).sort()).toEqual(hlsFiles.sort());
  });

  it.each(['hls', 'dash'] as const)(
    'plays with %s: 2 s, no media error, a rendition switch, the subtitle track listed',
    async (kind) => {
      // Act
      const report = await playStream({
        rootDir: streamDir,
        entryPath: kind === 'hls' ? 'master.m3u8' : 'manifest.mpd',
        kind,
        browser,
      });

      // Assess
      expect(report.mediaErrors).toEqual([]);
      expect(report.playedSec).toBeGreaterThanOrEqual(2);
      expect(report.renditions).toBe(2);
      const forced = report.renditionSwitches.at(-1);
      expect(forced && new Set([forced.from, forced.to])).toEqual(new Set(['360p', '240p']));
      expect(report.textTracks).toBe(1);
      // The same CMAF files: both players fetch segments from both rung folders and the audio.
      for (const folder of ['360p', '240p', 'audio']) {
        expect(report.servedPaths.some((path) => path.startsWith(`/${folder}/seg-`))).toBe(true);
      }
    },
  );

  it.each([
    ['hls', 'audio-only.m3u8'],
    ['dash', 'audio-only.mpd'],
  ] as const)(
    'plays the audio-only %s stream (one rendition, no switch possible)',
    async (kind, entryPath) => {
      // Act
      const report = await playStream({ rootDir: streamDir, entryPath, kind, browser });

      // Assess
      expect(report.mediaErrors).toEqual([]);
      expect(report.playedSec).toBeGreaterThanOrEqual(2);
      expect(report.renditions).toBe(1);
      expect(report.renditionSwitches).toEqual([]);
      expect(report.servedPaths.some((path) => path.startsWith('/audio/seg-'))).toBe(true);
      expect(report.servedPaths.some((path) => /^\/(360p|240p)\//.test(path))).toBe(false);
    },
  );
});
