import type { JobEventRef } from '@reel/lambda-kit';
import type { LoudnessResult, TranscodeResult } from '@reel/manifest';
import type { TranscodeOptions } from '@reel/media-types';
import { measureBandwidth } from '@reel/stream-manifests';
import type { EncodedLadder, PackagedRendition } from './encoded-ladder';
import { versionKey, type PreviousVersion } from './version-folders';

/** The pictures of a version, by name in `thumbnails/{version}/`. */
export interface VersionPictures {
  posterName: string;
  thumbnailNames: string[];
  spriteName: string;
  storyboardName: string;
  intervalSec: number;
  /** One thumbnail's (and sprite tile's) size. */
  width: number;
  height: number;
}

/** The names of the documents of a version in `renditions/cmaf/{version}/` and `renditions/mp4/{version}/`. */
export const DOCUMENT_NAMES = {
  master: 'master.m3u8',
  mpd: 'manifest.mpd',
  playlist: 'index.m3u8',
} as const;

/** The bandwidth a master declares for a rendition, measured from its segments' sizes. */
export function measuredBandwidth(rendition: PackagedRendition, segmentDurationSec: number) {
  return measureBandwidth(rendition.segments, { targetDurationSec: Math.ceil(segmentDurationSec) });
}

/**
 * The manifest's `results.transcode` of a published version: every rendition as measured (peak
 * and average bandwidth from its segments' sizes, frame and segment counts, codec strings), the
 * keys of the playlists, MPD, MP4, captions and pictures, the loudness of the output's sound.
 */
export function buildTranscodeResult({
  job,
  version,
  sourceKey,
  options,
  encoded,
  mp4Name,
  subtitles,
  pictures,
  loudness,
  chunkCount,
  previousVersions,
}: {
  job: JobEventRef;
  version: string;
  sourceKey: string;
  options: TranscodeOptions;
  encoded: EncodedLadder;
  /** In `renditions/mp4/{version}/`; absent for a sound-only source. */
  mp4Name: string | undefined;
  subtitles: { language: string; vttName: string; playlistName: string } | undefined;
  pictures: VersionPictures | undefined;
  loudness: LoudnessResult | undefined;
  chunkCount: number;
  previousVersions: PreviousVersion[];
}): TranscodeResult {
  const cmafKey = (name: string) => versionKey(job, 'renditions/cmaf', version, name);
  const pictureKey = (name: string) => versionKey(job, 'thumbnails', version, name);
  const { segmentDurationSec } = options;
  const { video, audio } = encoded;
  const durationSec = Math.max(
    ...video.map((rendition) => rendition.durationSec),
    audio?.durationSec ?? 0,
  );
  return {
    version,
    sourceKey,
    hlsMasterKey: cmafKey(DOCUMENT_NAMES.master),
    dashManifestKey: cmafKey(DOCUMENT_NAMES.mpd),
    ...(mp4Name === undefined
      ? {}
      : { mp4Key: versionKey(job, 'renditions/mp4', version, mp4Name) }),
    segmentDurationSec,
    durationSec,
    video: video.map((rendition) => {
      const { peakBps, averageBps } = measuredBandwidth(rendition, segmentDurationSec);
      return {
        name: rendition.name,
        width: rendition.rung.width,
        height: rendition.rung.height,
        frameRate: rendition.frameRate,
        codecs: rendition.rung.codecs,
        targetBitrateKbps: rendition.rung.bitrateKbps,
        bandwidthBps: peakBps,
        averageBandwidthBps: averageBps,
        segmentCount: rendition.segments.length,
        frameCount: rendition.frameCount,
        playlistKey: cmafKey(`${rendition.name}/${DOCUMENT_NAMES.playlist}`),
      };
    }),
    ...(audio === undefined
      ? {}
      : {
          audio: {
            name: audio.name,
            codecs: audio.codecs,
            channels: audio.channels,
            sampleRateHz: audio.sampleRateHz,
            bandwidthBps: measuredBandwidth(audio, segmentDurationSec).peakBps,
            segmentCount: audio.segments.length,
            playlistKey: cmafKey(`${audio.name}/${DOCUMENT_NAMES.playlist}`),
          },
        }),
    ...(subtitles === undefined
      ? {}
      : {
          subtitles: {
            language: subtitles.language,
            vttKey: cmafKey(subtitles.vttName),
            playlistKey: cmafKey(subtitles.playlistName),
          },
        }),
    ...(pictures === undefined
      ? {}
      : {
          posterKey: pictureKey(pictures.posterName),
          thumbnails: {
            intervalSec: pictures.intervalSec,
            keys: pictures.thumbnailNames.map(pictureKey),
            spriteKey: pictureKey(pictures.spriteName),
            storyboardKey: pictureKey(pictures.storyboardName),
            width: pictures.width,
            height: pictures.height,
          },
        }),
    ...(loudness === undefined ? {} : { loudness }),
    chunkCount,
    options,
    previousVersions,
  };
}
