import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobEventRef } from '@reel/lambda-kit';
import { updateManifest, type TranscodeResult } from '@reel/manifest';
import { transcodeOptionsSchema } from '@reel/media-types';
import { buildJobKey } from '@reel/storage';
import {
  buildDashManifest,
  buildHlsMasterPlaylist,
  buildSubtitlePlaylist,
  measureBandwidth,
  parseMediaPlaylist,
} from '@reel/stream-manifests';
import { execa } from 'execa';
import type { TestEnvironment } from './test-environment';

const DURATION_SEC = 4;
const SEGMENT_SEC = 2;
const RUNGS = [
  { name: '360p', width: 640, height: 360, bitrate: '600k', codecs: 'avc1.64001e' },
  { name: '240p', width: 426, height: 240, bitrate: '300k', codecs: 'avc1.640015' },
] as const;

/** What {@link addTranscodedStreams} stored. */
export interface TranscodedStreams {
  /** The stored version folder, ending with `/`: `{env}/{tenant}/{job}/renditions/cmaf/v1/`. */
  folder: string;
  /** Every stored file, relative to `folder` (`master.m3u8`, `360p/seg-00001.m4s`, …). */
  files: string[];
  result: TranscodeResult;
}

/**
 * Leaves a job as media-transcoder would for the API: a 4 s lavfi clip encoded with plain ffmpeg
 * (not the code under test) into two rungs (360p, 240p) and AAC, packaged into CMAF by ffmpeg's
 * HLS muxer (2 s segments numbered from 1, `init.mp4`), a WebVTT subtitle track, and the master,
 * MPD and subtitle playlist written by @reel/stream-manifests — stored under
 * `renditions/cmaf/v1/` with `results.transcode` pointing at it.
 *
 * @example
 * const job = await environment.createJob('talk', clipPath);
 * const { folder, files } = await addTranscodedStreams(environment, { job });
 */
export async function addTranscodedStreams(
  environment: TestEnvironment,
  { job }: { job: JobEventRef },
): Promise<TranscodedStreams> {
  const { storage, manifests } = environment.dependencies;
  const workDir = join(environment.fixturesDir, `${job.jobId}-streams`);
  await encodeAndPackage(workDir);
  const readRendition = async (name: string) => {
    const playlist = parseMediaPlaylist(await readFile(join(workDir, name, 'index.m3u8'), 'utf8'));
    const bandwidth = measureBandwidth(
      await Promise.all(
        playlist.segments.map(async ({ uri, durationSec }) => ({
          durationSec,
          bytes: (await stat(join(workDir, name, uri))).size,
        })),
      ),
    );
    return { playlist, ...bandwidth };
  };
  const video = await Promise.all(
    RUNGS.map(async (rung) => ({ ...rung, ...(await readRendition(rung.name)) })),
  );
  const audio = await readRendition('audio');
  await mkdir(join(workDir, 'subtitles'), { recursive: true });
  await writeFile(
    join(workDir, 'subtitles', 'en.vtt'),
    'WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nHello from reel\n',
  );
  await writeFile(
    join(workDir, 'subtitles', 'en.m3u8'),
    buildSubtitlePlaylist({ vttUri: 'en.vtt', durationSec: DURATION_SEC }),
  );
  await writeFile(
    join(workDir, 'master.m3u8'),
    buildHlsMasterPlaylist({
      video: video.map((rendition) => ({
        uri: `${rendition.name}/index.m3u8`,
        bandwidthBps: rendition.peakBps,
        averageBandwidthBps: rendition.averageBps,
        width: rendition.width,
        height: rendition.height,
        frameRate: 30,
        codecs: rendition.codecs,
      })),
      audio: {
        groupId: 'audio',
        name: 'Main',
        uri: 'audio/index.m3u8',
        codecs: 'mp4a.40.2',
        channels: 2,
        bandwidthBps: audio.peakBps,
        averageBandwidthBps: audio.averageBps,
      },
      subtitles: { groupId: 'subs', name: 'en', uri: 'subtitles/en.m3u8', language: 'en' },
    }),
  );
  const segmentSource = (name: string, durations: number[]) => ({
    initUri: `${name}/init.mp4`,
    mediaTemplate: `${name}/seg-$Number%05d$.m4s`,
    startNumber: 1,
    segmentDurationsSec: durations,
  });
  await writeFile(
    join(workDir, 'manifest.mpd'),
    buildDashManifest({
      durationSec: DURATION_SEC,
      video: video.map((rendition) => ({
        id: rendition.name,
        width: rendition.width,
        height: rendition.height,
        frameRate: 30,
        bandwidthBps: rendition.peakBps,
        codecs: rendition.codecs,
        ...segmentSource(
          rendition.name,
          rendition.playlist.segments.map(({ durationSec }) => durationSec),
        ),
      })),
      audio: {
        id: 'audio',
        codecs: 'mp4a.40.2',
        channels: 2,
        sampleRateHz: 48_000,
        bandwidthBps: audio.peakBps,
        ...segmentSource(
          'audio',
          audio.playlist.segments.map(({ durationSec }) => durationSec),
        ),
      },
      subtitles: { id: 'subtitles', language: 'en', uri: 'subtitles/en.vtt' },
    }),
  );

  const keyOf = (file: string) =>
    buildJobKey({ ...job, kind: 'renditions/cmaf', name: `v1/${file}` });
  const files = await listFiles(workDir);
  await Promise.all(
    files.map((file) => storage.putFile({ key: keyOf(file), path: join(workDir, file) })),
  );
  const result: TranscodeResult = {
    version: 'v1',
    sourceKey: buildJobKey({ ...job, kind: 'renders', name: 'render.mp4' }),
    hlsMasterKey: keyOf('master.m3u8'),
    dashManifestKey: keyOf('manifest.mpd'),
    segmentDurationSec: SEGMENT_SEC,
    durationSec: DURATION_SEC,
    video: video.map((rendition) => ({
      name: rendition.name,
      width: rendition.width,
      height: rendition.height,
      frameRate: 30,
      codecs: rendition.codecs,
      targetBitrateKbps: Number.parseInt(rendition.bitrate, 10),
      bandwidthBps: Math.ceil(rendition.peakBps),
      averageBandwidthBps: Math.ceil(rendition.averageBps),
      segmentCount: rendition.playlist.segments.length,
      frameCount: DURATION_SEC * 30,
      playlistKey: keyOf(`${rendition.name}/index.m3u8`),
    })),
    audio: {
      name: 'audio',
      codecs: 'mp4a.40.2',
      channels: 2,
      sampleRateHz: 48_000,
      bandwidthBps: Math.ceil(audio.peakBps),
      segmentCount: audio.playlist.segments.length,
      playlistKey: keyOf('audio/index.m3u8'),
    },
    subtitles: {
      language: 'en',
      vttKey: keyOf('subtitles/en.vtt'),
      playlistKey: keyOf('subtitles/en.m3u8'),
    },
    chunkCount: 1,
    options: transcodeOptionsSchema.parse({ segmentDurationSec: SEGMENT_SEC }),
    previousVersions: [],
  };
  await updateManifest(manifests, job, (draft) => {
    draft.results.transcode = result;
    return draft;
  });
  return { folder: keyOf('master.m3u8').slice(0, -'master.m3u8'.length), files, result };
}

/** Two rungs and the AAC track in one ffmpeg run, then each packaged into CMAF by stream copy. */
async function encodeAndPackage(workDir: string): Promise<void> {
  await mkdir(workDir, { recursive: true });
  const scaled = RUNGS.map(
    ({ width, height }, index) => `[s${index}]scale=${width}:${height}[v${index}]`,
  );
  // prettier-ignore
  await execa('ffmpeg', [
    '-nostdin', '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${DURATION_SEC}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${DURATION_SEC}`,
    '-filter_complex', `[0:v]split=2[s0][s1];${scaled.join(';')}`,
    ...RUNGS.flatMap(({ name, bitrate }, index) => [
      '-map', `[v${index}]`, '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'high',
      '-b:v', bitrate, '-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SEC})`,
      '-sc_threshold', '0', '-pix_fmt', 'yuv420p', '-an', '-y', join(workDir, `${name}.mp4`),
    ]),
    '-map', '1:a', '-c:a', 'aac', '-b:a', '128k', '-ac', '2', '-vn', '-y', join(workDir, 'audio.m4a'),
  ]);
  await Promise.all(
    [...RUNGS.map(({ name }) => [name, `${name}.mp4`]), ['audio', 'audio.m4a']].map(
      async ([name = '', source = '']) => {
        const outputDir = join(workDir, name);
        await mkdir(outputDir, { recursive: true });
        // prettier-ignore
        await execa('ffmpeg', [
          '-nostdin', '-v', 'error', '-i', join(workDir, source), '-c', 'copy',
          '-f', 'hls', '-hls_segment_type', 'fmp4', '-hls_playlist_type', 'vod',
          '-hls_fmp4_init_filename', 'init.mp4',
          '-hls_segment_filename', join(outputDir, 'seg-%05d.m4s'), '-start_number', '1',
          '-hls_time', String(SEGMENT_SEC), join(outputDir, 'index.m3u8'),
        ]);
      },
    ),
  );
}

/** The stream's files under `dir`, relative, without the encoder's intermediate MP4/M4A files. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.parentPath !== dir)
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .concat(['master.m3u8', 'manifest.mpd'])
    .sort();
}
