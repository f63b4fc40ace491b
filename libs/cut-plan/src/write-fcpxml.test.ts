import { describe, expect, it } from 'vitest';
import { findAll, parseXml, type XmlElement } from '../tests/support/mini-xml';
import type { CutPlan } from './cut-plan-schema';
import { msToFrames, type FrameRate } from './frame-rate';
import { planCuts } from './plan-cuts';
import { writeFcpxml } from './write-fcpxml';

const ntsc: FrameRate = { numerator: 30000, denominator: 1001 };

function plan(mode: 'cut' | 'mute', video = true): CutPlan {
  return planCuts({
    durationMs: 60_000,
    silences: [
      { startMs: 0, endMs: 900 },
      { startMs: 10_000, endMs: 12_345 },
      { startMs: 30_010, endMs: 33_000 },
    ],
    words: [{ text: 'uh', startMs: 45_000, endMs: 45_400, confidence: 0.6, filler: true }],
    options: { mode },
    source: {
      name: 'Q&A <live>.mp4',
      frameRate: ntsc,
      ...(video ? { video: { width: 1920, height: 1080 } } : {}),
    },
  });
}

/** A rational FCPXML time (`1001/30000s`, `2s`) as a whole number of frames at `frameRate`. */
function frames(time: string | undefined, frameRate: FrameRate): number {
  const match = /^(\d+)(?:\/(\d+))?s$/.exec(time ?? '');
  if (!match) throw new Error(`Not a rational time: ${time}`);
  const value =
    (Number(match[1]) * frameRate.numerator) / (Number(match[2] ?? 1) * frameRate.denominator);
  expect(Number.isInteger(value), `${time} is on the frame grid`).toBe(true);
  return value;
}

const only = (root: XmlElement, name: string) => {
  const elements = findAll(root, name);
  expect(elements, name).toHaveLength(1);
  return elements[0] as XmlElement;
};

describe('Function: writeFcpxml', () => {
  it('writes well-formed FCPXML 1.9 with one asset and one format', () => {
    // Act
    const root = parseXml(writeFcpxml(plan('cut')));

    // Assess
    expect(root).toMatchObject({ name: 'fcpxml', attributes: { version: '1.9' } });
    expect(root.children.map(({ name }) => name)).toEqual(['resources', 'library']);
    expect(only(root, 'format').attributes).toEqual({
      id: 'r1',
      frameDuration: '1001/30000s',
      width: '1920',
      height: '1080',
    });
    const asset = only(root, 'asset');
    expect(asset.attributes).toMatchObject({
      id: 'r2',
      name: 'Q&A <live>.mp4',
      start: '0s',
      hasVideo: '1',
      hasAudio: '1',
      format: 'r1',
    });
    expect(frames(asset.attributes.duration, ntsc)).toBe(msToFrames(60_000, ntsc));
    expect(only(asset, 'media-rep').attributes).toEqual({
      kind: 'original-media',
      src: 'Q&A%20%3Clive%3E.mp4',
    });
    expect(findAll(root, 'event').map(({ children }) => children.map(({ name }) => name))).toEqual([
      ['project'],
    ]);
  });

  it('lays one asset-clip per kept segment end to end on the spine, on the frame grid', () => {
    // Prepare
    const cutPlan = plan('cut');
    const kept = cutPlan.segments.filter(({ action }) => action === 'keep');

    // Act
    const root = parseXml(writeFcpxml(cutPlan, { mediaUrl: 'file:///media/talk.mp4' }));

    // Assess
    const sequence = only(root, 'sequence');
    const spine = only(sequence, 'spine');
    expect(spine.children.map(({ name }) => name)).toEqual(kept.map(() => 'asset-clip'));
    let offsetFrames = 0;
    for (const [index, clip] of spine.children.entries()) {
      const segment = kept[index]!;
      expect(clip.attributes.ref).toBe('r2');
      expect(frames(clip.attributes.offset, ntsc)).toBe(offsetFrames);
      expect(frames(clip.attributes.start, ntsc)).toBe(msToFrames(segment.startMs, ntsc));
      expect(frames(clip.attributes.duration, ntsc)).toBe(
        msToFrames(segment.endMs, ntsc) - msToFrames(segment.startMs, ntsc),
      );
      expect(clip.children).toEqual([]);
      offsetFrames += frames(clip.attributes.duration, ntsc);
    }
    expect(frames(sequence.attributes.duration, ntsc)).toBe(offsetFrames);
    expect(only(root, 'media-rep').attributes.src).toBe('file:///media/talk.mp4');
  });

  it('keeps every segment at its source time in mute mode, the cut ones at -96 dB', () => {
    // Prepare
    const mutePlan = plan('mute');

    // Act
    const root = parseXml(writeFcpxml(mutePlan));

    // Assess
    const clips = only(root, 'spine').children;
    expect(clips).toHaveLength(mutePlan.segments.length);
    for (const [index, clip] of clips.entries()) {
      const segment = mutePlan.segments[index]!;
      expect(frames(clip.attributes.offset, ntsc)).toBe(frames(clip.attributes.start, ntsc));
      expect(clip.children.map(({ name, attributes }) => [name, attributes.amount])).toEqual(
        segment.action === 'cut' ? [['adjust-volume', '-96dB']] : [],
      );
    }
    expect(frames(only(root, 'sequence').attributes.duration, ntsc)).toBe(msToFrames(60_000, ntsc));
  });

  it('carries every segment with allSegments: cut clips disabled, with a marker naming the reason', () => {
    // Prepare
    const cutPlan = plan('cut');

    // Act
    const root = parseXml(writeFcpxml(cutPlan, { allSegments: true }));

    // Assess
    const clips = only(root, 'spine').children;
    expect(clips).toHaveLength(cutPlan.segments.length);
    for (const [index, clip] of clips.entries()) {
      const segment = cutPlan.segments[index]!;
      expect(frames(clip.attributes.offset, ntsc)).toBe(msToFrames(segment.startMs, ntsc));
      expect(frames(clip.attributes.start, ntsc)).toBe(msToFrames(segment.startMs, ntsc));
      if (segment.action === 'keep') {
        expect(clip.attributes.enabled).toBeUndefined();
        expect(clip.children).toEqual([]);
        continue;
      }
      expect(clip.attributes.enabled).toBe('0');
      expect(clip.children).toHaveLength(1);
      const marker = clip.children[0]!;
      expect(marker.name).toBe('marker');
      expect(marker.attributes.value).toBe(
        `reel cut: ${segment.reason} (confidence ${segment.confidence?.toFixed(2)})`,
      );
      expect(frames(marker.attributes.start, ntsc)).toBe(msToFrames(segment.startMs, ntsc));
      expect(frames(marker.attributes.duration, ntsc)).toBe(1);
    }
    expect(frames(only(root, 'sequence').attributes.duration, ntsc)).toBe(msToFrames(60_000, ntsc));
  });

  it('marks the muted clips of a mute-mode plan with allSegments but leaves them enabled', () => {
    // Act
    const root = parseXml(writeFcpxml(plan('mute'), { allSegments: true }));

    // Assess
    const muted = only(root, 'spine').children.filter((clip) => clip.children.length > 0);
    expect(muted.length).toBeGreaterThan(0);
    for (const clip of muted) {
      expect(clip.attributes.enabled).toBeUndefined();
      expect(clip.children.map(({ name }) => name)).toEqual(['adjust-volume', 'marker']);
    }
  });

  it('declares an audio-only source without a picture', () => {
    // Act
    const root = parseXml(writeFcpxml(plan('cut', false)));

    // Assess
    const asset = only(root, 'asset');
    expect(asset.attributes.hasVideo).toBe('0');
    expect(asset.attributes.format).toBeUndefined();
    expect(only(root, 'sequence').attributes.format).toBe('r1');
  });
});
