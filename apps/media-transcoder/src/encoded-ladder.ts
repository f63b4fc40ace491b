import type { RungPlan } from '@reel/ladder';
import type { VersionFile } from './publish-version';

/** One CMAF segment in the scratch dir, as packaged. */
export interface PackagedSegment {
  path: string;
  /** `seg-00001.m4s`: its name in the rendition folder and in both playlists. */
  fileName: string;
  durationSec: number;
  bytes: number;
}

/** A rendition packaged into CMAF: its folder's init segment, media segments and HLS playlist. */
export interface PackagedRendition {
  /** The rendition folder and id: `720p`, …, `audio`. */
  name: string;
  playlistPath: string;
  initPath: string;
  segments: PackagedSegment[];
}

/** A video rung: encoded (video only, on the segment grid), then packaged. */
export interface VideoRendition extends PackagedRendition {
  rung: RungPlan;
  /** The rung's encode (an MP4), for the progressive MP4's remux and the pictures. */
  encodedPath: string;
  /** The output's constant frame rate (frames per second). */
  frameRate: number;
  frameCount: number;
  durationSec: number;
}

/** The one AAC rendition every video rung shares. */
export interface AudioRendition extends PackagedRendition {
  encodedPath: string;
  codecs: string;
  channels: number;
  sampleRateHz: number;
  durationSec: number;
}

/** What the encodes produced, before the pictures, the documents and the publish. */
export interface EncodedLadder {
  /** Tallest first; empty for a sound-only source. */
  video: VideoRendition[];
  audio?: AudioRendition;
}

/** The files of a rendition folder: `{name}/index.m3u8`, `{name}/init.mp4`, `{name}/seg-…`. */
export function renditionFiles(rendition: PackagedRendition): VersionFile[] {
  const { name } = rendition;
  return [
    {
      kind: 'renditions/cmaf',
      name: `${name}/init.mp4`,
      path: rendition.initPath,
      contentType: 'video/mp4',
    },
    ...rendition.segments.map(({ fileName, path }) => ({
      kind: 'renditions/cmaf' as const,
      name: `${name}/${fileName}`,
      path,
    })),
    { kind: 'renditions/cmaf', name: `${name}/index.m3u8`, path: rendition.playlistPath },
  ];
}
