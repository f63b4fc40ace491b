import { InvalidRequestError } from '@reel/error-taxonomy';
import { frameRateFraction } from './frame-rate-fraction';
import { DASH_TIMESCALE, buildTimelineEntries, formatSegmentTimeline } from './segment-timeline';
import { escapeXml } from './xml-escape';

/** Where a representation's CMAF segments are: the same files the HLS playlists list. */
export interface DashSegmentSource {
  /** Init segment relative to the MPD, e.g. `720p/init.mp4`. */
  initUri: string;
  /** SegmentTemplate@media with `$Number…$`, e.g. `720p/seg-$Number%05d$.m4s`. */
  mediaTemplate: string;
  /** The number of the first segment (CMAF packaging here numbers from 1). */
  startNumber: number;
  /** Each segment's duration, in order (from the HLS media playlist's EXTINF values). */
  segmentDurationsSec: readonly number[];
}

export interface DashVideoRepresentation extends DashSegmentSource {
  /** Representation@id: no whitespace (e.g. `720p`). */
  id: string;
  width: number;
  height: number;
  frameRate: number;
  bandwidthBps: number;
  codecs: string;
}

export interface DashAudioRepresentation extends DashSegmentSource {
  id: string;
  codecs: string;
  channels: number;
  sampleRateHz: number;
  bandwidthBps: number;
  language?: string;
}

export interface DashSubtitleTrack {
  id: string;
  language: string;
  /** The WebVTT file relative to the MPD, e.g. `subtitles/en.vtt`. */
  uri: string;
}

export interface DashManifestInput {
  durationSec: number;
  /** MPD@minBufferTime; defaults to the longest segment (one segment buffered before play). */
  minBufferTimeSec?: number;
  video: readonly DashVideoRepresentation[];
  audio?: DashAudioRepresentation;
  subtitles?: DashSubtitleTrack;
}

/**
 * Writes a static DASH MPD (ISO BMFF live profile, which CMAF segments satisfy) over the same CMAF
 * files the HLS playlists reference: one Period, a video AdaptationSet with one Representation per
 * rung, an audio AdaptationSet, and a WebVTT text AdaptationSet. Every Representation has its
 * own SegmentTemplate with a SegmentTimeline in {@link DASH_TIMESCALE} ticks, so segments of
 * uneven length (the last one) are described exactly. Attribute values are XML-escaped.
 *
 * @example
 * buildDashManifest({ durationSec: 12, video: [{ id: '720p', width: 1280, height: 720,
 *   frameRate: 30, bandwidthBps: 3_000_000, codecs: 'avc1.64001f', initUri: '720p/init.mp4',
 *   mediaTemplate: '720p/seg-$Number%05d$.m4s', startNumber: 1, segmentDurationsSec: [4, 4, 4] }] });
 */
export function buildDashManifest({
  durationSec,
  minBufferTimeSec,
  video,
  audio,
  subtitles,
}: DashManifestInput): string {
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new InvalidRequestError('A DASH manifest needs a positive duration', {
      details: { durationSec },
    });
  }
  if (video.length === 0 && audio === undefined) {
    throw new InvalidRequestError('A DASH manifest needs a video or an audio representation');
  }
  const allSegmentDurationsSec = [...video, ...(audio === undefined ? [] : [audio])].flatMap(
    ({ segmentDurationsSec }) => segmentDurationsSec,
  );
  const bufferSec = minBufferTimeSec ?? Math.max(...allSegmentDurationsSec);

  const adaptationSets: string[] = [];
  if (video.length > 0) adaptationSets.push(videoAdaptationSet(video, adaptationSets.length));
  if (audio !== undefined) adaptationSets.push(audioAdaptationSet(audio, adaptationSets.length));
  if (subtitles !== undefined) {
    adaptationSets.push(textAdaptationSet(subtitles, adaptationSets.length));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<MPD${attributes({
      xmlns: 'urn:mpeg:dash:schema:mpd:2011',
      profiles: 'urn:mpeg:dash:profile:isoff-live:2011',
      type: 'static',
      mediaPresentationDuration: isoDuration(durationSec),
      minBufferTime: isoDuration(bufferSec),
    })}>`,
    `  <Period${attributes({ id: '0', start: 'PT0S' })}>`,
    ...adaptationSets,
    '  </Period>',
    '</MPD>',
    '',
  ].join('\n');
}

function videoAdaptationSet(video: readonly DashVideoRepresentation[], id: number): string {
  const maxFrameRate = Math.max(...video.map(({ frameRate }) => frameRate));
  const representations = video.map((rendition) =>
    representation(
      {
        id: checkedId(rendition.id),
        bandwidth: wholeBps(rendition.bandwidthBps),
        width: rendition.width,
        height: rendition.height,
        frameRate: frameRateFraction(rendition.frameRate),
        codecs: rendition.codecs,
      },
      segmentTemplate(rendition),
    ),
  );
  return [
    `    <AdaptationSet${attributes({
      id,
      contentType: 'video',
      mimeType: 'video/mp4',
      segmentAlignment: 'true',
      startWithSAP: 1,
      maxWidth: Math.max(...video.map(({ width }) => width)),
      maxHeight: Math.max(...video.map(({ height }) => height)),
      maxFrameRate: frameRateFraction(maxFrameRate),
    })}>`,
    ...representations,
    '    </AdaptationSet>',
  ].join('\n');
}

function audioAdaptationSet(audio: DashAudioRepresentation, id: number): string {
  return [
    `    <AdaptationSet${attributes({
      id,
      contentType: 'audio',
      mimeType: 'audio/mp4',
      segmentAlignment: 'true',
      startWithSAP: 1,
      lang: audio.language,
    })}>`,
    representation(
      {
        id: checkedId(audio.id),
        bandwidth: wholeBps(audio.bandwidthBps),
        codecs: audio.codecs,
        audioSamplingRate: audio.sampleRateHz,
      },
      [
        `        <AudioChannelConfiguration${attributes({
          schemeIdUri: 'urn:mpeg:dash:23003:3:audio_channel_configuration:2011',
          value: audio.channels,
        })}/>`,
        segmentTemplate(audio),
      ].join('\n'),
    ),
    '    </AdaptationSet>',
  ].join('\n');
}

function textAdaptationSet(subtitles: DashSubtitleTrack, id: number): string {
  return [
    `    <AdaptationSet${attributes({
      id,
      contentType: 'text',
      mimeType: 'text/vtt',
      lang: subtitles.language,
    })}>`,
    `      <Role${attributes({ schemeIdUri: 'urn:mpeg:dash:role:2011', value: 'subtitle' })}/>`,
    // Representation@bandwidth is mandatory; a side-loaded WebVTT file is a few hundred bytes/s.
    representation(
      { id: checkedId(subtitles.id), bandwidth: 256 },
      `        <BaseURL>${escapeXml(subtitles.uri)}</BaseURL>`,
    ),
    '    </AdaptationSet>',
  ].join('\n');
}

function representation(
  representationAttributes: Record<string, string | number | undefined>,
  children: string,
): string {
  return [
    `      <Representation${attributes(representationAttributes)}>`,
    children,
    '      </Representation>',
  ].join('\n');
}

function segmentTemplate(source: DashSegmentSource): string {
  if (!/\$Number(%0\d+d)?\$/.test(source.mediaTemplate)) {
    throw new InvalidRequestError('A DASH media template must contain $Number$', {
      details: { mediaTemplate: source.mediaTemplate },
    });
  }
  if (!Number.isSafeInteger(source.startNumber) || source.startNumber < 0) {
    throw new InvalidRequestError('A DASH startNumber must be a whole number', {
      details: { startNumber: source.startNumber },
    });
  }
  const indent = '          ';
  return [
    `        <SegmentTemplate${attributes({
      timescale: DASH_TIMESCALE,
      initialization: source.initUri,
      media: source.mediaTemplate,
      startNumber: source.startNumber,
    })}>`,
    formatSegmentTimeline(buildTimelineEntries(source.segmentDurationsSec), indent),
    '        </SegmentTemplate>',
  ].join('\n');
}

function attributes(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

function checkedId(id: string): string {
  if (!/^\S+$/.test(id)) {
    throw new InvalidRequestError('A DASH Representation id must be non-empty without spaces', {
      details: { id },
    });
  }
  return id;
}

function wholeBps(bandwidthBps: number): number {
  if (!Number.isFinite(bandwidthBps) || bandwidthBps <= 0) {
    throw new InvalidRequestError('A DASH bandwidth must be a positive number', {
      details: { bandwidthBps },
    });
  }
  return Math.ceil(bandwidthBps);
}

/** xs:duration in seconds with millisecond precision, e.g. `PT61.200S`. */
function isoDuration(seconds: number): string {
  return `PT${seconds.toFixed(3)}S`;
}
