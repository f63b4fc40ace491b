import { describe, expect, it } from 'vitest';
import type { CutPlan } from './cut-plan-schema';
import { msToFrames, type FrameRate } from './frame-rate';
import { parseEdl } from './parse-edl';
import { planCuts } from './plan-cuts';
import { writeEdl } from './write-edl';

const pal: FrameRate = { numerator: 25, denominator: 1 };
const ntsc: FrameRate = { numerator: 30000, denominator: 1001 };

/** A planner-made plan of a 2-minute talk with silences, fillers and a repeat. */
function talkPlan(frameRate: FrameRate, mode: 'cut' | 'mute' = 'cut', video = true): CutPlan {
  return planCuts({
    durationMs: 120_000,
    silences: [
      { startMs: 0, endMs: 1333 },
      { startMs: 15_017, endMs: 17_480 },
      { startMs: 40_101, endMs: 41_002 },
      { startMs: 90_555, endMs: 95_321 },
      { startMs: 118_250, endMs: 120_000 },
    ],
    words: [
      { text: 'so', startMs: 1400, endMs: 1650, confidence: 0.9, filler: false },
      { text: 'um', startMs: 20_013, endMs: 20_377, confidence: 0.7, filler: true },
      { text: 'the', startMs: 60_000, endMs: 60_180, confidence: 0.9, filler: false },
      { text: 'the', startMs: 60_260, endMs: 60_420, confidence: 0.8, filler: false },
      { text: 'end', startMs: 118_000, endMs: 118_250, confidence: 0.9, filler: false },
    ],
    options: { mode },
    source: {
      name: 'talk.mp4',
      frameRate,
      ...(video ? { video: { width: 1280, height: 720 } } : {}),
    },
  });
}

describe('Function: writeEdl', () => {
  it('writes a CMX 3600 list with one A/V event per kept segment', () => {
    // Prepare
    const plan = planCuts({
      durationMs: 10_000,
      silences: [{ startMs: 2000, endMs: 4000 }],
      source: { name: 'talk.mp4', frameRate: pal, video: { width: 640, height: 360 } },
    });

    // Act
    const edl = writeEdl(plan);

    // Assess
    expect(edl).toBe(
      [
        'TITLE: talk.mp4',
        'FCM: NON-DROP FRAME',
        '',
        '001  AX       AA/V  C        00:00:00:00 00:00:02:05 00:00:00:00 00:00:02:05',
        '* FROM CLIP NAME: talk.mp4',
        '',
        '002  AX       AA/V  C        00:00:03:20 00:00:10:00 00:00:02:05 00:00:08:10',
        '* FROM CLIP NAME: talk.mp4',
        '',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['25 fps', pal],
    ['29.97 fps', ntsc],
  ])(
    'round-trips at %s: the events are the kept segments to the frame, recorded end to end',
    (_, frameRate) => {
      // Prepare
      const plan = talkPlan(frameRate);
      const kept = plan.segments.filter(({ action }) => action === 'keep');

      // Act
      const { title, events } = parseEdl(writeEdl(plan), { frameRate });

      // Assess
      expect(title).toBe('talk.mp4');
      expect(kept.length).toBeGreaterThan(3);
      expect(
        events.map(({ sourceInFrames, sourceOutFrames }) => [sourceInFrames, sourceOutFrames]),
      ).toEqual(
        kept.map(({ startMs, endMs }) => [
          msToFrames(startMs, frameRate),
          msToFrames(endMs, frameRate),
        ]),
      );
      let recordFrames = 0;
      for (const [index, event] of events.entries()) {
        expect(event).toMatchObject({
          eventNumber: index + 1,
          reel: 'AX',
          channel: 'AA/V',
          transition: 'C',
          clipName: 'talk.mp4',
          recordInFrames: recordFrames,
        });
        expect(event.recordOutFrames - event.recordInFrames).toBe(
          event.sourceOutFrames - event.sourceInFrames,
        );
        recordFrames = event.recordOutFrames;
      }
    },
  );

  it('keeps the duration in mute mode: video-only events where the sound is cut', () => {
    // Prepare
    const plan = talkPlan(pal, 'mute');

    // Act
    const { events } = parseEdl(writeEdl(plan), { frameRate: pal });

    // Assess
    expect(events.map(({ channel }) => channel)).toEqual(
      plan.segments.map(({ action }) => (action === 'keep' ? 'AA/V' : 'V')),
    );
    for (const event of events) expect(event.recordInFrames).toBe(event.sourceInFrames);
    expect(events.at(-1)?.recordOutFrames).toBe(msToFrames(120_000, pal));
    expect(events.find(({ channel }) => channel === 'V')?.comments).toEqual(['MUTED (silence)']);
  });

  it('leaves the muted stretches of an audio-only source as gaps at their source times', () => {
    // Prepare
    const plan = talkPlan(pal, 'mute', false);

    // Act
    const { events } = parseEdl(writeEdl(plan), { frameRate: pal });

    // Assess
    const kept = plan.segments.filter(({ action }) => action === 'keep');
    expect(events.map(({ channel, recordInFrames }) => [channel, recordInFrames])).toEqual(
      kept.map(({ startMs }) => ['AA', msToFrames(startMs, pal)]),
    );
  });

  it.each(['cut', 'speed'] as const)(
    'carries every segment at its source time with allSegments (%s mode), cut ones marked',
    (mode) => {
      // Prepare
      const plan = { ...talkPlan(pal), mode };

      // Act
      const { events } = parseEdl(writeEdl(plan, { allSegments: true }), { frameRate: pal });

      // Assess
      expect(events).toHaveLength(plan.segments.length);
      for (const [index, event] of events.entries()) {
        const segment = plan.segments[index]!;
        expect(event.channel).toBe('AA/V');
        expect(event.sourceInFrames).toBe(msToFrames(segment.startMs, pal));
        expect(event.recordInFrames).toBe(event.sourceInFrames);
        expect(event.comments).toEqual(
          segment.action === 'cut'
            ? [`REEL CUT (${segment.reason}) confidence ${segment.confidence?.toFixed(2)}`]
            : [],
        );
      }
      expect(events.at(-1)?.recordOutFrames).toBe(msToFrames(120_000, pal));
    },
  );

  it('exports a speed-mode plan without allSegments like a cut-mode one', () => {
    // Prepare
    const plan = talkPlan(ntsc);

    // Act
    const speedEdl = writeEdl({ ...plan, mode: 'speed' });

    // Assess
    expect(speedEdl).toBe(writeEdl(plan));
  });

  it('keeps a hostile source name on its own note line', () => {
    // Prepare
    const plan = planCuts({
      durationMs: 2000,
      silences: [],
      source: { name: 'a\n002  AX  V  C  x\r.mp4' },
    });

    // Act
    const edl = writeEdl(plan);

    // Assess
    expect(parseEdl(edl, { frameRate: pal }).events).toHaveLength(1);
    expect(edl).toContain('TITLE: a 002  AX  V  C  x .mp4\n');
  });
});

describe('Function: parseEdl', () => {
  it('refuses a drop-frame list', () => {
    expect(() => parseEdl('TITLE: x\nFCM: DROP FRAME\n', { frameRate: ntsc })).toThrow(
      /drop-frame/,
    );
  });

  it('names the line of a broken event', () => {
    expect(() =>
      parseEdl('TITLE: x\n\n001  AX  V  C  00:00:00:00 00:00:01:00\n', { frameRate: pal }),
    ).toThrow(
      expect.objectContaining({
        name: 'InvalidRequestError',
        details: expect.objectContaining({ lineNumber: 3 }),
      }),
    );
    expect(() =>
      parseEdl('001  AX  V  C  00:00:00:00 00:00:01:30 00:00:00:00 00:00:01:00\n', {
        frameRate: pal,
      }),
    ).toThrow(/line 1: Timecode 00:00:01:30 is out of range/);
  });

  it('skips notes and motion-effect lines it does not need', () => {
    // Act
    const { events } = parseEdl(
      [
        'TITLE: from an editor',
        'FCM: NON-DROP FRAME',
        '001  AX       V     C        00:00:01:00 00:00:02:00 01:00:00:00 01:00:01:00',
        'M2   AX       050.0                00:00:01:00',
        '* SOURCE FILE: x.mov',
        '',
      ].join('\r\n'),
      { frameRate: pal },
    );

    // Assess
    expect(events).toEqual([
      expect.objectContaining({
        sourceInFrames: 25,
        sourceOutFrames: 50,
        recordInFrames: 90_000,
        comments: [],
      }),
    ]);
  });
});
