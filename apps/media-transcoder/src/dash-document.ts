import { buildDashManifest } from '@reel/stream-manifests';
import type { EncodedLadder, PackagedRendition } from './encoded-ladder';
import type { VersionSubtitles } from './stream-documents';
import { measuredBandwidth } from './transcode-result';

/** Where a rendition's segments are, as the MPD's SegmentTemplate names the files HLS lists. */
function segmentSource(rendition: PackagedRendition) {
  return {
    initUri: `${rendition.name}/init.mp4`,
    mediaTemplate: `${rendition.name}/seg-$Number%05d$.m4s`,
    startNumber: 1,
    segmentDurationsSec: rendition.segments.map(({ durationSec }) => durationSec),
  };
}

/**
 * The DASH MPD of a version: the same CMAF files the HLS playlists reference (one init segment
 * and numbered media segments per rendition), bandwidths measured the same way, the captions as
 * a WebVTT text adaptation set.
 */
export function buildDashManifestText({
  encoded,
  segmentDurationSec,
  durationSec,
  subtitles,
}: {
  encoded: EncodedLadder;
  segmentDurationSec: number;
  durationSec: number;
  subtitles: VersionSubtitles | undefined;
}): string {
  const { audio } = encoded;
  return buildDashManifest({
    durationSec,
    video: encoded.video.map((rendition) => ({
      id: rendition.name,
      width: rendition.rung.width,
      height: rendition.rung.height,
      frameRate: rendition.frameRate,
      bandwidthBps: measuredBandwidth(rendition, segmentDurationSec).peakBps,
      codecs: rendition.rung.codecs,
      ...segmentSource(rendition),
    })),
    ...(audio === undefined
      ? {}
      : {
          audio: {
            id: audio.name,
            codecs: audio.codecs,
            channels: audio.channels,
            sampleRateHz: audio.sampleRateHz,
            bandwidthBps: measuredBandwidth(audio, segmentDurationSec).peakBps,
            ...segmentSource(audio),
          },
        }),
    ...(subtitles === undefined
      ? {}
      : { subtitles: { id: 'subtitles', language: subtitles.language, uri: subtitles.vttName } }),
  });
}
