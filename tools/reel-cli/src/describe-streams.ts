import type { TranscodeResult } from '@reel/manifest';
import { formatTable } from './format';

/**
 * The transcode of a job as a person reads it: the renditions (size, measured bandwidth, codec),
 * the sound and its loudness, where the HLS master, the MPD, the MP4, the poster and the storyboard
 * are, and one command that plays the stream (`ffplay` ships with ffmpeg). `locate` turns a key
 * into what a person can open (a path locally, an `s3://` URL on AWS); `playable` says whether
 * `ffplay` can open what it returns (a local path, not an `s3://` URL).
 *
 * @example
 * describeStreams(manifest.results.transcode, { locate: (key) => join(root, key), playable: true });
 * // → ['  streams   v1: 1080p 1920x1080 4.1 Mb/s, 720p …', '    hls         /srv/…/master.m3u8', …, '  play      ffplay /srv/…/master.m3u8']
 */
export function describeStreams(
  transcode: TranscodeResult | undefined,
  { locate, playable }: { locate: (key: string) => string; playable: boolean },
): string[] {
  if (transcode === undefined) return [];
  const { video, audio, loudness } = transcode;
  const renditions = [
    ...video.map(
      ({ name, width, height, averageBandwidthBps, codecs }) =>
        `${name} ${width}x${height} ${formatMbps(averageBandwidthBps)} (${codecs})`,
    ),
    ...(audio === undefined
      ? []
      : [
          `audio ${audio.channels === 1 ? 'mono' : `${audio.channels} ch`} ${formatKbps(audio.bandwidthBps)}`,
        ]),
  ];
  const segments = video[0]?.segmentCount ?? audio?.segmentCount ?? 0;
  const lines = [
    `  streams   ${transcode.version}: ${renditions.join(', ')}; ${segments} segments of ${transcode.segmentDurationSec} s${transcode.chunkCount > 1 ? `, encoded in ${transcode.chunkCount} chunks` : ''}`,
  ];
  if (loudness !== undefined) {
    const target =
      loudness.targetLufs === undefined ? '' : `, normalised to ${loudness.targetLufs} LUFS`;
    lines.push(
      `  loudness  ${loudness.integratedLufs.toFixed(1)} LUFS integrated, range ${loudness.loudnessRangeLu.toFixed(1)} LU, true peak ${loudness.truePeakDbtp.toFixed(1)} dBTP${target}`,
    );
  }
  const files: Array<[string, string | undefined]> = [
    ['hls', transcode.hlsMasterKey],
    ['dash', transcode.dashManifestKey],
    ['mp4', transcode.mp4Key],
    ['poster', transcode.posterKey],
    ['storyboard', transcode.thumbnails?.storyboardKey],
  ];
  lines.push(
    formatTable(
      files.flatMap(([label, key]) => (key === undefined ? [] : [[label, locate(key)]])),
      '    ',
    ),
  );
  if (playable) {
    lines.push(`  play      ffplay ${shellQuote(locate(transcode.hlsMasterKey))}`);
    // ffmpeg's DASH demuxer refuses the captions' `.vtt` unless every extension is allowed, and
    // an MPD given by a relative path (locate gives an absolute one).
    const allowCaptions = transcode.subtitles === undefined ? '' : '-allowed_extensions ALL ';
    lines.push(
      `            ffplay ${allowCaptions}${shellQuote(locate(transcode.dashManifestKey))}`,
    );
  }
  lines.push(...describeEarlierVersions(transcode));
  return lines;
}

const HOUR_MS = 3_600_000;

/**
 * The superseded versions still stored, and when they go: the transcoder removes a version only
 * in a later transcode of the job, once `retentionHours` have passed since it was superseded;
 * nothing sweeps in the background.
 */
function describeEarlierVersions({ version, previousVersions, options }: TranscodeResult) {
  const earlier = previousVersions.filter((entry) => entry.version !== version);
  if (earlier.length === 0) return [];
  const listed = earlier.map(({ version: name, supersededAt }) => {
    const dueAt = new Date(Date.parse(supersededAt) + options.retentionHours * HOUR_MS);
    return `${name} (removable from ${formatUtc(dueAt)})`;
  });
  return [
    `  earlier   ${listed.join(', ')}: removed by a later transcode of the job after retentionHours ${options.retentionHours} (no background sweep)`,
  ];
}

function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function formatMbps(bitsPerSecond: number): string {
  return bitsPerSecond >= 1_000_000
    ? `${(bitsPerSecond / 1_000_000).toFixed(1)} Mb/s`
    : formatKbps(bitsPerSecond);
}

function formatKbps(bitsPerSecond: number): string {
  return `${Math.round(bitsPerSecond / 1000)} kb/s`;
}

/** A path as one shell word: unchanged when it is plain, else single-quoted. */
function shellQuote(path: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(path) ? path : `'${path.replaceAll("'", `'\\''`)}'`;
}
