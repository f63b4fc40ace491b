import { describe, expect, it } from 'vitest';
import { parseSilenceLog } from './parse-silence-log';

describe('Function: parseSilenceLog', () => {
  it('pairs starts with ends and closes an open silence at the end of the media', () => {
    // Prepare: what ffmpeg 5.1's ametadata=mode=print writes.
    const text = [
      'frame:3    pts:6144    pts_time:0.384',
      'lavfi.silence_start=0',
      'lavfi.silence_end=0.501313',
      'lavfi.silence_duration=0.501313',
      'frame:20   pts:40960   pts_time:2.56',
      'lavfi.silence_start=2.27294',
      'frame:32   pts:65536   pts_time:4.096',
      'lavfi.silence_end=4.16331',
      'lavfi.silence_duration=1.89038',
      'frame:58   pts:118784  pts_time:7.424',
      'lavfi.silence_start=7.093',
      '',
    ].join('\n');

    // Act
    const silences = parseSilenceLog(text, { durationSec: 8.987 });

    // Assess
    expect(silences).toEqual([
      { startSec: 0, endSec: 0.501313 },
      { startSec: 2.27294, endSec: 4.16331 },
      { startSec: 7.093, endSec: 8.987 },
    ]);
  });

  it('clamps times to the media and drops an end without a start', () => {
    // Act
    const silences = parseSilenceLog(
      'lavfi.silence_end=0.2\nlavfi.silence_start=-0.01\nlavfi.silence_end=12\n',
      { durationSec: 10 },
    );

    // Assess
    expect(silences).toEqual([{ startSec: 0, endSec: 10 }]);
  });

  it('returns no silences for an empty log', () => {
    expect(parseSilenceLog('', { durationSec: 3 })).toEqual([]);
  });
});
