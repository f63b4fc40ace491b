import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { detectSilences } from './detect-silences';

describe('Function: detectSilences', () => {
  let dir: string;
  let wavPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-detect-silences-'));
    wavPath = join(dir, 'tone-gap-tone.wav');
    // A tone, one second of silence from 1 s to 2 s, a tone, and silence from 3 s to the end (3.5 s).
    // prettier-ignore
    await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', "aevalsrc='if(between(t,1,2)+gte(t,3),0,0.5*sin(440*2*PI*t))':d=3.5:s=16000", '-ac', '1', wavPath]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds each silence, closing one still open at the end at the duration', async () => {
    // Act
    const silences = await detectSilences({
      runtime: createFfmpegRuntime(),
      input: wavPath,
      scratchDir: dir,
      durationSec: 3.5,
      minSilenceSec: 0.3,
    });

    // Assess
    expect(silences).toHaveLength(2);
    expect(silences[0]!.startSec).toBeCloseTo(1, 1);
    expect(silences[0]!.endSec).toBeCloseTo(2, 1);
    expect(silences[1]!.startSec).toBeCloseTo(3, 1);
    expect(silences[1]!.endSec).toBeCloseTo(3.5, 1);
  });

  it('reports progress up to 100 %', async () => {
    const percents: number[] = [];
    await detectSilences({
      runtime: createFfmpegRuntime(),
      input: wavPath,
      scratchDir: dir,
      durationSec: 3.5,
      onProgress: ({ percent }) => percents.push(percent),
    });
    expect(percents.at(-1)).toBe(100);
  });
});
