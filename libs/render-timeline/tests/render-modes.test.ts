import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidRequestError, isReelError } from '@reel/error-taxonomy';
import { readFrameNumbers } from '@reel/sample-media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMonoSamples, peakAbs, toneFrequencyHz } from './support/audio-measures';
import {
  FPS,
  FRAME_SEC,
  SOURCE_SEC,
  TONE_HZ,
  cut,
  keep,
  renderFixture,
  runtime,
  streamDurations,
} from './support/render-fixture';

const fixture = renderFixture();
beforeAll(() => fixture.setUp());
afterAll(() => fixture.tearDown());

describe('Render: mute mode', () => {
  it('keeps the source length and silences the cut spans', async () => {
    const rendered = await fixture.render({ mode: 'mute' }, 'mute');
    expect(Math.abs(rendered.summary.durationSec - SOURCE_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(await readFrameNumbers(rendered.output)).toEqual(
      Array.from({ length: SOURCE_SEC * FPS }, (_, index) => index),
    );
    const muted = await decodeMonoSamples(runtime, rendered.output, fixture.dir, {
      startSec: 2.2,
      endSec: 5.0,
    });
    const kept = await decodeMonoSamples(runtime, rendered.output, fixture.dir, {
      startSec: 5.2,
      endSec: 8.2,
    });
    expect(peakAbs(muted)).toBeLessThan(0.003);
    expect(peakAbs(kept)).toBeGreaterThan(0.4);
  });

  it('plays the tone in the cut spans when asked', async () => {
    const rendered = await fixture.render(
      { mode: 'mute', mute: { tone: true, toneHz: 1000, toneDb: -12 } },
      'bleep',
    );
    const bleep = await decodeMonoSamples(runtime, rendered.output, fixture.dir, {
      startSec: 13.3,
      endSec: 15.4,
    });
    expect(Math.abs(toneFrequencyHz(bleep) - 1000)).toBeLessThan(20);
    expect(peakAbs(bleep)).toBeGreaterThan(0.2);
  });
});

describe('Render: speed mode', () => {
  it('plays the cut spans faster, each within a frame, with the pitch kept', async () => {
    const rendered = await fixture.render(
      { mode: 'speed', speed: { factor: 4, minSpanMs: 500 } },
      'speed',
    );
    const cutSec = [2.94, 1.68, 2.33];
    const expectedSec =
      (2130 + 3240 + 3180 + 4500) / 1000 + cutSec.reduce((sum, sec) => sum + sec / 4, 0);
    expect(Math.abs(rendered.summary.durationSec - expectedSec)).toBeLessThanOrEqual(
      7 * FRAME_SEC, // a frame per span: snapping and whole output frames
    );
    expect(
      Math.abs(rendered.summary.durationSec - rendered.timeline.mainDurationSec),
    ).toBeLessThanOrEqual(FRAME_SEC);
    const { videoSec, audioSec } = streamDurations(rendered.summary);
    expect(Math.abs(videoSec - audioSec)).toBeLessThanOrEqual(FRAME_SEC);
    const sped = rendered.timeline.pieces[1];
    expect(sped?.speed).toBeGreaterThan(3.8); // 74 frames in 19
    const startSec = (sped?.outputStartSec ?? 0) + 0.05;
    const samples = await decodeMonoSamples(runtime, rendered.output, fixture.dir, {
      startSec,
      endSec: startSec + (sped?.outputDurationSec ?? 0) - 0.1,
    });
    expect(Math.abs(toneFrequencyHz(samples) - TONE_HZ) / TONE_HZ).toBeLessThan(0.02);
  });
});

describe('Render: hostile plans', () => {
  it.each([
    ['a gap', [keep(0, 5000), cut(5100, 20000)]],
    ['an overlap', [keep(0, 5000), cut(4000, 20000)]],
    ['an end past the source', [keep(0, 5000), cut(5000, 21000)]],
    ['nothing kept', [cut(0, 20000)]],
  ])('refuses %s before anything is written', async (_name, segments) => {
    const before = await readdir(fixture.dir);
    await expect(fixture.render({}, 'hostile', segments)).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(await readdir(fixture.dir)).toEqual(before);
  });

  it('refuses a transition longer than a kept span', async () => {
    const segments = [
      keep(0, 5000),
      cut(5000, 6000),
      keep(6000, 6300),
      cut(6300, 7000),
      keep(7000, 20000),
    ];
    const before = await readdir(fixture.dir);
    await expect(
      fixture.render({ transition: { durationMs: 400 } }, 'hostile', segments),
    ).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await readdir(fixture.dir)).toEqual(before);
  });

  it('removes the output and the script when ffmpeg fails', async () => {
    const output = join(fixture.dir, 'broken.mp4');
    const before = await readdir(fixture.dir);
    const failure = await runtime
      .renderGraph({
        inputs: [{ path: fixture.source }],
        filterScript: '[0:v:0]nosuchfilter[v];[0:a:0]anull[a]\n',
        videoOut: 'v',
        audioOut: 'a',
        scratchDir: fixture.dir,
        output,
        expectedDurationSec: 20,
      })
      .catch((error: unknown) => error);
    expect(isReelError(failure)).toBe(true);
    expect(await readdir(fixture.dir)).toEqual(before);
  });
});
