import { displayedSize, type ProbeStream, type ProbeSummary } from '@reel/media-types';

/** What the ladder is fitted to: the source's picture as a player shows it, and its sound. */
export interface LadderSource {
  durationSec: number;
  /** Absent for an audio-only input (or one whose only picture is cover art). */
  video?: {
    /** Displayed size: after the rotation ffmpeg applies when it decodes (90°/270° swap). */
    width: number;
    height: number;
    /** ffprobe's average rate (frames / duration); absent when it could not tell. */
    frameRate?: number;
    /** The picture's bit rate in bit/s, when the container tells it (the ladder's cap). */
    bitRateBps?: number;
  };
  audio?: { channels: number; sampleRateHz?: number };
}

// Stills ffmpeg reports as a video stream: an MP3's or M4A's cover art, a thumbnail track.
const PICTURE_CODECS = new Set(['png', 'bmp', 'webp', 'gif', 'tiff']);
// A cover-art JPEG has no frame rate but the demuxer's 90 kHz clock (r_frame_rate 90000/1).
const MOTION_JPEG_MAX_FPS = 240;

function isMovingPicture(stream: ProbeStream): boolean {
  if (stream.type !== 'video' || stream.width === undefined || stream.height === undefined) {
    return false;
  }
  if (PICTURE_CODECS.has(stream.codecName)) return false;
  if (stream.codecName === 'mjpeg') {
    return stream.frameRate !== undefined && stream.frameRate <= MOTION_JPEG_MAX_FPS;
  }
  return true;
}

/**
 * The ladder's view of a probed input: its first moving-picture stream at its displayed size
 * (rotation applied), the picture's bit rate (the stream's, else the container's minus the sound's)
 * and its first audio stream. Cover art (PNG, a JPEG without a frame rate) is not a picture. Pure.
 *
 * @example
 * ladderSourceFromProbe(summary);
 * // phone clip 1920x1080 with rotation 90 → { video: { width: 1080, height: 1920, frameRate: 30 }, … }
 */
export function ladderSourceFromProbe(probe: ProbeSummary): LadderSource {
  const videoStream = probe.streams.find(isMovingPicture);
  const audioStream = probe.streams.find((stream) => stream.type === 'audio');
  const audio =
    audioStream === undefined
      ? undefined
      : {
          channels: audioStream.channels ?? 2,
          ...(audioStream.sampleRateHz === undefined
            ? {}
            : { sampleRateHz: audioStream.sampleRateHz }),
        };
  const size = videoStream === undefined ? undefined : displayedSize(videoStream);
  if (videoStream === undefined || size === undefined) {
    return { durationSec: probe.durationSec, ...(audio === undefined ? {} : { audio }) };
  }
  const bitRateBps = videoBitRate(probe, videoStream);
  return {
    durationSec: probe.durationSec,
    video: {
      ...size,
      ...(videoStream.frameRate === undefined ? {} : { frameRate: videoStream.frameRate }),
      ...(bitRateBps === undefined ? {} : { bitRateBps }),
    },
    ...(audio === undefined ? {} : { audio }),
  };
}

function videoBitRate(probe: ProbeSummary, video: ProbeStream): number | undefined {
  if (video.bitRate !== undefined) return video.bitRate;
  if (probe.bitRate === undefined) return undefined;
  const others = probe.streams
    .filter((stream) => stream !== video)
    .reduce((sum, stream) => sum + (stream.bitRate ?? 0), 0);
  const rest = probe.bitRate - others;
  return rest > 0 ? rest : undefined;
}
