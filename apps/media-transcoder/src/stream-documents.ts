import { buildHlsMasterPlaylist, buildSubtitlePlaylist } from '@reel/stream-manifests';
import type { EncodedLadder } from './encoded-ladder';
import { DOCUMENT_NAMES, measuredBandwidth } from './transcode-result';

/** The captions of a version: `subtitles/{language}.vtt` and its one-segment playlist. */
export interface VersionSubtitles {
  language: string;
  vttPath: string;
  vttName: string;
  playlistName: string;
}

const AUDIO_GROUP = 'audio';
const SUBTITLE_GROUP = 'subs';

/** The captions' names in the version folder. */
export function subtitleNames(language: string) {
  return { vttName: `subtitles/${language}.vtt`, playlistName: `subtitles/${language}.m3u8` };
}

/** The captions of a version, when the input has any. */
export function versionSubtitles(
  captions: { language: string; path: string } | undefined,
): VersionSubtitles | undefined {
  return captions === undefined
    ? undefined
    : { language: captions.language, vttPath: captions.path, ...subtitleNames(captions.language) };
}

/** The subtitle playlist: one segment, the whole WebVTT file, beside it. */
export function subtitlePlaylistText(language: string, durationSec: number): string {
  return buildSubtitlePlaylist({ vttUri: `${language}.vtt`, durationSec });
}

/**
 * The HLS master of the renditions given (all of them, or the lowest rung alone when it is
 * published first), bandwidths measured from the segments, the one audio group shared.
 */
export function hlsMasterText({
  encoded,
  segmentDurationSec,
  subtitles,
}: {
  encoded: EncodedLadder;
  segmentDurationSec: number;
  subtitles: VersionSubtitles | undefined;
}): string {
  const { audio } = encoded;
  const audioBandwidth =
    audio === undefined ? undefined : measuredBandwidth(audio, segmentDurationSec);
  return buildHlsMasterPlaylist({
    video: encoded.video.map((rendition) => {
      const { peakBps, averageBps } = measuredBandwidth(rendition, segmentDurationSec);
      return {
        uri: `${rendition.name}/${DOCUMENT_NAMES.playlist}`,
        bandwidthBps: peakBps,
        averageBandwidthBps: averageBps,
        width: rendition.rung.width,
        height: rendition.rung.height,
        frameRate: rendition.frameRate,
        codecs: rendition.rung.codecs,
      };
    }),
    ...(audio === undefined || audioBandwidth === undefined
      ? {}
      : {
          audio: {
            groupId: AUDIO_GROUP,
            name: 'Main',
            uri: `${audio.name}/${DOCUMENT_NAMES.playlist}`,
            codecs: audio.codecs,
            channels: audio.channels,
            bandwidthBps: audioBandwidth.peakBps,
            averageBandwidthBps: audioBandwidth.averageBps,
          },
        }),
    ...(subtitles === undefined
      ? {}
      : {
          subtitles: {
            groupId: SUBTITLE_GROUP,
            name: subtitles.language,
            uri: subtitles.playlistName,
            language: subtitles.language,
          },
        }),
  });
}
