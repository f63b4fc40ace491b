import { CorruptInputError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildDashManifest } from './build-dash-manifest';
import { listDashManifestUris, toSegmentListManifest } from './to-segment-list-manifest';

const mpd = buildDashManifest({
  durationSec: 5,
  video: [
    {
      id: '360p',
      width: 640,
      height: 360,
      frameRate: 30,
      bandwidthBps: 800_000,
      codecs: 'avc1.64001e',
      initUri: '360p/init.mp4',
      mediaTemplate: '360p/seg-$Number%05d$.m4s',
      startNumber: 1,
      segmentDurationsSec: [2, 2, 1],
    },
  ],
  audio: {
    id: 'audio',
    codecs: 'mp4a.40.2',
    channels: 2,
    sampleRateHz: 48_000,
    bandwidthBps: 130_000,
    initUri: 'audio/init.mp4',
    mediaTemplate: 'audio/seg-$Number$.m4s',
    startNumber: 7,
    segmentDurationsSec: [4, 1],
  },
  subtitles: { id: 'subtitles', language: 'en', uri: 'subtitles/en.vtt' },
});

/** A presigned-looking URL: its `&` must reach the XML escaped. */
const signed = (uri: string) => `https://s3.test/b/${uri}?X-Amz-Date=1&X-Amz-Signature=f0`;

describe('Function: listDashManifestUris', () => {
  it('expands each timeline into its numbered segments after the init segment, then the BaseURLs', () => {
    // Act
    const uris = listDashManifestUris(mpd);

    // Assess
    expect(uris).toEqual([
      '360p/init.mp4',
      '360p/seg-00001.m4s',
      '360p/seg-00002.m4s',
      '360p/seg-00003.m4s',
      'audio/init.mp4',
      'audio/seg-7.m4s',
      'audio/seg-8.m4s',
      'subtitles/en.vtt',
    ]);
  });
});

describe('Function: toSegmentListManifest', () => {
  it('writes a SegmentList of escaped URLs with the same timescale, start number and timeline', () => {
    // Act
    const rewritten = toSegmentListManifest({ mpd, uriFor: signed });

    // Assess
    expect(rewritten).not.toContain('SegmentTemplate');
    expect(rewritten).toContain(
      [
        '        <SegmentList timescale="90000" startNumber="1">',
        '          <Initialization sourceURL="https://s3.test/b/360p/init.mp4?X-Amz-Date=1&amp;X-Amz-Signature=f0"/>',
        '          <SegmentTimeline>',
        '            <S t="0" d="180000" r="1"/>',
        '            <S d="90000"/>',
        '          </SegmentTimeline>',
        '          <SegmentURL media="https://s3.test/b/360p/seg-00001.m4s?X-Amz-Date=1&amp;X-Amz-Signature=f0"/>',
        '          <SegmentURL media="https://s3.test/b/360p/seg-00002.m4s?X-Amz-Date=1&amp;X-Amz-Signature=f0"/>',
        '          <SegmentURL media="https://s3.test/b/360p/seg-00003.m4s?X-Amz-Date=1&amp;X-Amz-Signature=f0"/>',
        '        </SegmentList>',
      ].join('\n'),
    );
    expect(rewritten).toContain('<SegmentList timescale="90000" startNumber="7">');
    expect(rewritten).toContain(
      '<BaseURL>https://s3.test/b/subtitles/en.vtt?X-Amz-Date=1&amp;X-Amz-Signature=f0</BaseURL>',
    );
    // Everything outside the templates and BaseURLs is as written.
    const strip = (text: string) =>
      text
        .replace(/<Segment(Template|List)[\s\S]*?<\/Segment(Template|List)>/g, '')
        .replace(/<BaseURL>[^<]*<\/BaseURL>/g, '');
    expect(strip(rewritten)).toBe(strip(mpd));
  });

  it('lists one SegmentURL per segment of the timeline, repeats included', () => {
    // Act
    const rewritten = toSegmentListManifest({ mpd, uriFor: (uri) => `/${uri}` });

    // Assess
    const media = [...rewritten.matchAll(/<SegmentURL media="([^"]+)"\/>/g)].map(([, uri]) => uri);
    expect(media).toEqual(
      listDashManifestUris(mpd)
        .filter((uri) => uri.includes('seg-'))
        .map((uri) => `/${uri}`),
    );
  });

  it.each([
    ['an open-ended repeat', mpd.replace(' r="1"', ' r="-1"')],
    ['a template identifier other than $Number$', mpd.replace('$Number$', '$Time$')],
    [
      'a template without a timeline',
      mpd.replace(/<SegmentTimeline>[\s\S]*?<\/SegmentTimeline>/, ''),
    ],
  ])('refuses %s', (_case, text) => {
    // Act / Assess
    expect(() => toSegmentListManifest({ mpd: text, uriFor: signed })).toThrow(CorruptInputError);
  });
});
