import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildDashManifest, type DashVideoRepresentation } from './build-dash-manifest';

const rung360: DashVideoRepresentation = {
  id: '360p',
  width: 640,
  height: 360,
  frameRate: 30000 / 1001,
  bandwidthBps: 800_000.2,
  codecs: 'avc1.64001e',
  initUri: '360p/init.mp4',
  mediaTemplate: '360p/seg-$Number%05d$.m4s',
  startNumber: 1,
  segmentDurationsSec: [2.002, 2.002, 2.002, 1.001],
};
const audio = {
  id: 'audio',
  codecs: 'mp4a.40.2',
  channels: 2,
  sampleRateHz: 48_000,
  bandwidthBps: 130_000,
  initUri: 'audio/init.mp4',
  mediaTemplate: 'audio/seg-$Number%05d$.m4s',
  startNumber: 1,
  segmentDurationsSec: [2, 2, 2, 1.008],
};

describe('Function: buildDashManifest', () => {
  it('writes a static MPD with video, audio and text adaptation sets over SegmentTimelines', () => {
    // Act
    const mpd = buildDashManifest({
      durationSec: 7.007,
      video: [rung360, { ...rung360, id: '240p', width: 426, height: 240, bandwidthBps: 400_000 }],
      audio,
      subtitles: { id: 'subtitles-en', language: 'en', uri: 'subtitles/en.vtt' },
    });

    // Assess
    expect(mpd).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="PT7.007S" minBufferTime="PT2.002S">
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="640" maxHeight="360" maxFrameRate="30000/1001">
      <Representation id="360p" bandwidth="800001" width="640" height="360" frameRate="30000/1001" codecs="avc1.64001e">
        <SegmentTemplate timescale="90000" initialization="360p/init.mp4" media="360p/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="180180" r="2"/>
            <S d="90090"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
      <Representation id="240p" bandwidth="400000" width="426" height="240" frameRate="30000/1001" codecs="avc1.64001e">
        <SegmentTemplate timescale="90000" initialization="360p/init.mp4" media="360p/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="180180" r="2"/>
            <S d="90090"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1">
      <Representation id="audio" bandwidth="130000" codecs="mp4a.40.2" audioSamplingRate="48000">
        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
        <SegmentTemplate timescale="90000" initialization="audio/init.mp4" media="audio/seg-$Number%05d$.m4s" startNumber="1">
          <SegmentTimeline>
            <S t="0" d="180000" r="2"/>
            <S d="90720"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="2" contentType="text" mimeType="text/vtt" lang="en">
      <Role schemeIdUri="urn:mpeg:dash:role:2011" value="subtitle"/>
      <Representation id="subtitles-en" bandwidth="256">
        <BaseURL>subtitles/en.vtt</BaseURL>
      </Representation>
    </AdaptationSet>
  </Period>
</MPD>
`,
    );
  });

  it('writes integer and fractional frame rates as DASH fractions', () => {
    // Act
    const mpd = buildDashManifest({
      durationSec: 7,
      video: [
        { ...rung360, frameRate: 25 },
        { ...rung360, id: 'b', frameRate: 24000 / 1001 },
        { ...rung360, id: 'c', frameRate: 12.5 },
      ],
    });

    // Assess
    expect([...mpd.matchAll(/ frameRate="([^"]+)"/g)].map(([, rate]) => rate)).toEqual([
      '25',
      '24000/1001',
      '25/2',
    ]);
    expect(mpd).toContain('maxFrameRate="25"');
  });

  it('keeps rounding from accumulating over many segments', () => {
    // Prepare: 1/3 s is 30 000 ticks exactly, but 0.3333 s is not; 300 of them must still sum right.
    const segmentDurationsSec = Array.from({ length: 300 }, () => 0.3333);

    // Act
    const mpd = buildDashManifest({
      durationSec: 99.99,
      video: [{ ...rung360, segmentDurationsSec }],
    });

    // Assess: Σ d over the timeline equals round(99.99 × 90 000).
    const entries = [...mpd.matchAll(/<S (?:t="\d+" )?d="(\d+)"(?: r="(\d+)")?\/>/g)];
    const totalTicks = entries.reduce(
      (sum, [, duration, repeat]) => sum + Number(duration) * (1 + Number(repeat ?? 0)),
      0,
    );
    expect(totalTicks).toBe(Math.round(99.99 * 90_000));
  });

  it('escapes attribute values and element text', () => {
    // Act
    const mpd = buildDashManifest({
      durationSec: 7,
      video: [{ ...rung360, initUri: 'a&b/"init".mp4' }],
      subtitles: { id: 'en', language: 'en', uri: 'subs/<en>&.vtt' },
    });

    // Assess
    expect(mpd).toContain('initialization="a&amp;b/&quot;init&quot;.mp4"');
    expect(mpd).toContain('<BaseURL>subs/&lt;en&gt;&amp;.vtt</BaseURL>');
  });

  it('writes an audio-only MPD without a video adaptation set', () => {
    // Act
    const mpd = buildDashManifest({ durationSec: 7.008, video: [], audio });

    // Assess
    expect(mpd).not.toContain('contentType="video"');
    expect(mpd).toContain('<AdaptationSet id="0" contentType="audio"');
  });

  it.each([
    ['no representation', { durationSec: 7, video: [] }],
    ['a zero duration', { durationSec: 0, video: [rung360] }],
    [
      'a template without $Number$',
      { durationSec: 7, video: [{ ...rung360, mediaTemplate: 'seg.m4s' }] },
    ],
    ['an id with a space', { durationSec: 7, video: [{ ...rung360, id: '360 p' }] }],
    ['no segments', { durationSec: 7, video: [{ ...rung360, segmentDurationsSec: [] }] }],
  ])('rejects %s', (_, input) => {
    // Act + Assess
    expect(() => buildDashManifest(input)).toThrow(InvalidRequestError);
  });
});
