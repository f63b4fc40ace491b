export { parseMediaPlaylist } from './parse-media-playlist';
export type { MediaPlaylist, MediaPlaylistSegment } from './parse-media-playlist';
export { buildHlsMasterPlaylist } from './build-hls-master-playlist';
export type {
  HlsAudioRendition,
  HlsMasterPlaylistInput,
  HlsSubtitleRendition,
  HlsVideoVariant,
} from './build-hls-master-playlist';
export { buildSubtitlePlaylist } from './build-subtitle-playlist';
export type { SubtitlePlaylistInput } from './build-subtitle-playlist';
export { buildDashManifest } from './build-dash-manifest';
export type {
  DashAudioRepresentation,
  DashManifestInput,
  DashSegmentSource,
  DashSubtitleTrack,
  DashVideoRepresentation,
} from './build-dash-manifest';
export { DASH_TIMESCALE } from './segment-timeline';
export { measureBandwidth } from './measure-bandwidth';
export type {
  MeasureBandwidthOptions,
  MeasuredBandwidth,
  MeasuredSegment,
} from './measure-bandwidth';
export { buildStoryboardVtt } from './build-storyboard-vtt';
export type { StoryboardInput, StoryboardTile } from './build-storyboard-vtt';
export { listPlaylistUris, rewritePlaylistUris } from './rewrite-playlist-uris';
export type { RewritePlaylistUrisOptions } from './rewrite-playlist-uris';
export { listDashManifestUris, toSegmentListManifest } from './to-segment-list-manifest';
export type { ToSegmentListManifestOptions } from './to-segment-list-manifest';
