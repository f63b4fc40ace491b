// The EDL read the way CMX 3600 defines it — fixed columns, timecode counted in frames by hand —
// instead of through the lib's own parseEdl, and checked against the plan's segments in time.
import { describe, expect, it } from 'vitest';
import { planCuts, writeEdl, type CutPlan, type FrameRate } from '../src/index';

interface ColumnEvent {
  eventNumber: number;
  reel: string;
  channel: string;
  transition: string;
  /** Source in, source out, record in, record out, in seconds. */
  sourceInSec: number;
  sourceOutSec: number;
  recordInSec: number;
  recordOutSec: number;
  /** The same four points as frame counts, for exact sums. */
  frames: [number, number, number, number];
}

/**
 * CMX 3600 event lines by column (1-based, as the format's documentation counts): event 1–3,
 * reel 6–13, channel 15–18, transition 21, source in 30–40, source out 42–52, record in 54–64,
 * record out 66–76. Non-drop-frame timecode: frames = ((h·60 + m)·60 + s)·base + f.
 */
function readEdlColumns(text: string, fps: number): ColumnEvent[] {
  const base = Math.round(fps);
  const column = (line: string, from: number, to: number) => line.slice(from - 1, to).trim();
  const toFrames = (timecode: string) => {
    const match = /^(\d\d):(\d\d):(\d\d):(\d\d)$/.exec(timecode);
    if (match === null) throw new Error(`not a non-drop timecode: ${JSON.stringify(timecode)}`);
    const [hours, minutes, seconds, frames] = match.slice(1).map(Number) as number[];
    return ((hours! * 60 + minutes!) * 60 + seconds!) * base + frames!;
  };
  return text
    .split('\n')
    .filter((line) => /^\d{3}/.test(line))
    .map((line) => {
      const frames = [
        toFrames(column(line, 30, 40)),
        toFrames(column(line, 42, 52)),
        toFrames(column(line, 54, 64)),
        toFrames(column(line, 66, 76)),
      ] as [number, number, number, number];
      const [sourceInSec, sourceOutSec, recordInSec, recordOutSec] = frames.map(
        (count) => count / fps,
      ) as [number, number, number, number];
      return {
        eventNumber: Number(column(line, 1, 3)),
        reel: column(line, 6, 13),
        channel: column(line, 15, 18),
        transition: column(line, 21, 21),
        sourceInSec,
        sourceOutSec,
        recordInSec,
        recordOutSec,
        frames,
      };
    });
}

function talkPlan(frameRate: FrameRate, mode: 'cut' | 'mute'): CutPlan {
  return planCuts({
    durationMs: 120_000,
    silences: [
      { startMs: 0, endMs: 1_333 },
      { startMs: 15_017, endMs: 17_480 },
      { startMs: 40_101, endMs: 41_002 },
      { startMs: 90_555, endMs: 95_321 },
      { startMs: 118_250, endMs: 120_000 },
    ],
    words: [
      { text: 'so', startMs: 1_400, endMs: 1_650, confidence: 0.9, filler: false },
      { text: 'um', startMs: 20_013, endMs: 20_377, confidence: 0.7, filler: true },
      { text: 'end', startMs: 118_000, endMs: 118_250, confidence: 0.9, filler: false },
    ],
    options: { mode },
    source: { name: 'talk.mp4', frameRate, video: { width: 1280, height: 720 } },
  });
}

const rates: Array<[string, FrameRate, number]> = [
  ['25 fps', { numerator: 25, denominator: 1 }, 25],
  ['29.97 fps (NTSC, non-drop)', { numerator: 30000, denominator: 1001 }, 30000 / 1001],
];

describe('EDL read by columns', () => {
  it.each(rates)(
    'cut mode at %s: one numbered A/V event per kept segment, source times within half a frame, record end to end',
    (_, frameRate, fps) => {
      // Prepare
      const plan = talkPlan(frameRate, 'cut');
      const kept = plan.segments.filter(({ action }) => action === 'keep');
      const halfFrameSec = 0.5 / fps;

      // Act
      const events = readEdlColumns(writeEdl(plan), fps);

      // Assess
      expect(kept.length).toBeGreaterThan(2);
      expect(events.map(({ eventNumber }) => eventNumber)).toEqual(
        kept.map((_, index) => index + 1),
      );
      expect(
        new Set(events.map(({ reel, channel, transition }) => `${reel} ${channel} ${transition}`)),
      ).toEqual(new Set(['AX AA/V C']));
      events.forEach((event, index) => {
        const segment = kept[index]!;
        expect(Math.abs(event.sourceInSec - segment.startMs / 1000)).toBeLessThanOrEqual(
          halfFrameSec,
        );
        expect(Math.abs(event.sourceOutSec - segment.endMs / 1000)).toBeLessThanOrEqual(
          halfFrameSec,
        );
        const [sourceIn, sourceOut, recordIn, recordOut] = event.frames;
        expect(recordOut - recordIn).toBe(sourceOut - sourceIn);
        expect(recordIn).toBe(index === 0 ? 0 : events[index - 1]!.frames[3]);
      });
      const keptSec = kept.reduce(
        (total, { startMs, endMs }) => total + (endMs - startMs) / 1000,
        0,
      );
      expect(Math.abs(events.at(-1)!.recordOutSec - keptSec)).toBeLessThanOrEqual(
        kept.length * halfFrameSec,
      );
    },
  );

  it.each(rates)(
    'mute mode at %s: every segment is an event at its own time, cut ones video-only',
    (_, frameRate, fps) => {
      // Prepare
      const plan = talkPlan(frameRate, 'mute');
      const halfFrameSec = 0.5 / fps;

      // Act
      const events = readEdlColumns(writeEdl(plan), fps);

      // Assess
      expect(events).toHaveLength(plan.segments.length);
      events.forEach((event, index) => {
        const segment = plan.segments[index]!;
        expect(event.eventNumber).toBe(index + 1);
        expect(event.channel).toBe(segment.action === 'cut' ? 'V' : 'AA/V');
        expect(event.frames[2]).toBe(event.frames[0]);
        expect(event.frames[3]).toBe(event.frames[1]);
        expect(Math.abs(event.sourceInSec - segment.startMs / 1000)).toBeLessThanOrEqual(
          halfFrameSec,
        );
        expect(Math.abs(event.sourceOutSec - segment.endMs / 1000)).toBeLessThanOrEqual(
          halfFrameSec,
        );
      });
      expect(events.at(-1)!.recordOutSec).toBeCloseTo(120, 1);
    },
  );
});
