import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../tests/support/media-fixtures';
import { buildSilenceDetectArgs } from './build-silence-detect-args';
import { parseSilenceLog } from './parse-silence-log';
import { runFfmpeg } from './run-ffmpeg';

describe('Function: buildSilenceDetectArgs', () => {
  it('runs silencedetect into ametadata, which writes to the log file, and outputs nothing', () => {
    // Act
    const args = buildSilenceDetectArgs({ input: '/job/a.wav', logFile: '/job/silences.txt' });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-i', '/job/a.wav', '-map', '0:a:0',
      '-af', 'silencedetect=noise=-35dB:d=0.4,ametadata=mode=print:file=/job/silences.txt',
      '-f', 'null', '-',
    ]);
  });

  it('refuses a log path with filter-graph syntax in it and out-of-range thresholds', () => {
    // Act & Assess
    for (const logFile of ['/job/a:b.txt', "/job/it's.txt", '/job/a,b.txt', 'rel.txt']) {
      expect(() => buildSilenceDetectArgs({ input: '/job/a.wav', logFile })).toThrow(TypeError);
    }
    expect(() =>
      buildSilenceDetectArgs({ input: '/a.wav', logFile: '/s.txt', noiseDb: 3 }),
    ).toThrow(/noiseDb/);
    expect(() =>
      buildSilenceDetectArgs({ input: '/a.wav', logFile: '/s.txt', minSilenceSec: 0 }),
    ).toThrow(/minSilenceSec/);
  });

  describe('with real ffmpeg', () => {
    let dir: string;
    let remove: () => Promise<void>;
    beforeEach(async () => ({ dir, remove } = await createTempDir()));
    afterEach(async () => remove());

    it('finds a 1 s silence between tones and a trailing one that runs to the end', async () => {
      // Prepare: tone 0–1 s, silence 1–2 s, tone 2–3 s, silence 3–4 s.
      const input = join(dir, 'gaps.wav');
      await execa('ffmpeg', [
        ...['-nostdin', '-v', 'error', '-f', 'lavfi'],
        ...['-i', "aevalsrc='if(lt(mod(t,2),1),0.5*sin(2*PI*440*t),0)':d=4:s=16000"],
        ...['-c:a', 'pcm_s16le', '-y', input],
      ]);
      const logFile = join(dir, 'silences.txt');

      // Act
      await runFfmpeg({
        operation: 'detect-silence',
        args: buildSilenceDetectArgs({ input, logFile }),
      });
      const silences = parseSilenceLog(await readFile(logFile, 'utf8'), { durationSec: 4 });

      // Assess
      expect(silences).toHaveLength(2);
      expect(silences[0]?.startSec).toBeCloseTo(1, 1);
      expect(silences[0]?.endSec).toBeCloseTo(2, 1);
      expect(silences[1]).toEqual({ startSec: expect.closeTo(3, 1), endSec: 4 });
    });
  });
});
