import { transcodeOptionsSchema } from '@reel/media-types';
import type { TranscodeResult } from '@reel/manifest';
import { describe, expect, it } from 'vitest';
import { describeStreams } from './describe-streams';

const cmaf = 'dev/acme/talk-1/renditions/cmaf/v2';

function transcodeResult(overrides: Partial<TranscodeResult> = {}): TranscodeResult {
  const rendition = (name: string, width: number, height: number, averageBandwidthBps: number) => ({
    name,
    width,
    height,
    frameRate: 30,
    codecs: 'avc1.64001f',
    targetBitrateKbps: averageBandwidthBps / 1000,
    bandwidthBps: averageBandwidthBps * 1.3,
    averageBandwidthBps,
    segmentCount: 3,
    frameCount: 300,
    playlistKey: `${cmaf}/${name}/index.m3u8`,
  });
  return {
    version: 'v2',
    sourceKey: 'dev/acme/talk-1/renders/render.mp4',
    hlsMasterKey: `${cmaf}/master.m3u8`,
    dashManifestKey: `${cmaf}/manifest.mpd`,
    mp4Key: 'dev/acme/talk-1/renditions/mp4/v2/720p.mp4',
    segmentDurationSec: 4,
    durationSec: 10,
    video: [rendition('720p', 1280, 720, 2_400_000), rendition('480p', 854, 480, 900_000)],
    audio: {
      name: 'audio',
      codecs: 'mp4a.40.2',
      channels: 1,
      sampleRateHz: 48_000,
      bandwidthBps: 131_000,
      segmentCount: 3,
      playlistKey: `${cmaf}/audio/index.m3u8`,
    },
    posterKey: 'dev/acme/talk-1/thumbnails/v2/poster.jpg',
    loudness: { integratedLufs: -16.04, loudnessRangeLu: 3.2, truePeakDbtp: -1.5, targetLufs: -16 },
    chunkCount: 1,
    options: transcodeOptionsSchema.parse({}),
    previousVersions: [],
    ...overrides,
  };
}

describe('Function: describeStreams', () => {
  it('lists the renditions, the loudness, where each stream is, and how to play it locally', () => {
    // Act
    const lines = describeStreams(transcodeResult(), {
      locate: (key) => `/srv/reel/${key}`,
      playable: true,
    });

    // Assess
    const text = lines.join('\n');
    expect(lines[0]).toBe(
      '  streams   v2: 720p 1280x720 2.4 Mb/s (avc1.64001f), 480p 854x480 900 kb/s (avc1.64001f), audio mono 131 kb/s; 3 segments of 4 s',
    );
    expect(text).toContain(
      '  loudness  -16.0 LUFS integrated, range 3.2 LU, true peak -1.5 dBTP, normalised to -16 LUFS',
    );
    expect(text).toContain(`    hls     /srv/reel/${cmaf}/master.m3u8`);
    expect(text).toContain(`    dash    /srv/reel/${cmaf}/manifest.mpd`);
    expect(text).toContain('    mp4     /srv/reel/dev/acme/talk-1/renditions/mp4/v2/720p.mp4');
    expect(text).toContain('    poster  /srv/reel/dev/acme/talk-1/thumbnails/v2/poster.jpg');
    expect(text).not.toContain('storyboard');
    expect(lines.slice(-2)).toEqual([
      `  play      ffplay /srv/reel/${cmaf}/master.m3u8`,
      `            ffplay /srv/reel/${cmaf}/manifest.mpd`,
    ]);
  });

  it('allows the captions in the DASH play line, and says when earlier versions go', () => {
    // Act
    const lines = describeStreams(
      transcodeResult({
        subtitles: {
          language: 'en',
          vttKey: `${cmaf}/subtitles/en.vtt`,
          playlistKey: `${cmaf}/subtitles/en.m3u8`,
        },
        options: transcodeOptionsSchema.parse({ retentionHours: 24 }),
        previousVersions: [{ version: 'v1', supersededAt: '2026-12-01T07:20:00.000Z' }],
      }),
      { locate: (key) => `/srv/reel/${key}`, playable: true },
    );

    // Assess
    expect(lines.slice(-2)).toEqual([
      `            ffplay -allowed_extensions ALL /srv/reel/${cmaf}/manifest.mpd`,
      '  earlier   v1 (removable from 2026-12-02 07:20 UTC): removed by a later transcode of the job after retentionHours 24 (no background sweep)',
    ]);
  });

  it('quotes a path a shell would split, and offers no ffplay line for s3:// URLs', () => {
    // Act
    const local = describeStreams(transcodeResult({ chunkCount: 4 }), {
      locate: (key) => `/home/me/my media/${key}`,
      playable: true,
    });
    const onAws = describeStreams(transcodeResult(), {
      locate: (key) => `s3://reel-media/${key}`,
      playable: false,
    });

    // Assess
    expect(local[0]).toMatch(/, encoded in 4 chunks$/);
    expect(local.at(-2)).toBe(`  play      ffplay '/home/me/my media/${cmaf}/master.m3u8'`);
    expect(onAws.join('\n')).toContain(`s3://reel-media/${cmaf}/master.m3u8`);
    expect(onAws.join('\n')).not.toContain('ffplay');
  });

  it('says nothing for a job that has not been transcoded', () => {
    expect(describeStreams(undefined, { locate: (key) => key, playable: true })).toEqual([]);
  });
});
