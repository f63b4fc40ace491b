import { InternalError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { parseLoudnormReport } from './parse-loudnorm-report';

const report = (fields: Record<string, string>) =>
  [
    'size=N/A time=00:00:09.82 bitrate=N/A speed=63.7x',
    '[Parsed_loudnorm_0 @ 0x56431e6df540] ',
    JSON.stringify(fields, null, '\t'),
  ].join('\n');

const measuredSpeech = {
  input_i: '-32.73',
  input_tp: '-13.39',
  input_lra: '2.30',
  input_thresh: '-42.94',
  output_i: '-17.06',
  output_tp: '-1.00',
  output_lra: '0.80',
  output_thresh: '-27.19',
  normalization_type: 'dynamic',
  target_offset: '1.06',
};

describe('Function: parseLoudnormReport', () => {
  it('reads the input and output measurements and the offset', () => {
    // Act
    const parsed = parseLoudnormReport(report(measuredSpeech));

    // Assess
    expect(parsed).toEqual({
      input: {
        integratedLufs: -32.73,
        truePeakDb: -13.39,
        loudnessRangeLu: 2.3,
        thresholdLufs: -42.94,
      },
      output: {
        integratedLufs: -17.06,
        truePeakDb: -1,
        loudnessRangeLu: 0.8,
        thresholdLufs: -27.19,
      },
      normalizationType: 'dynamic',
      targetOffsetLu: 1.06,
    });
  });

  it('turns the -inf and inf of a silent input into null', () => {
    // Act
    const parsed = parseLoudnormReport(
      report({ ...measuredSpeech, input_i: '-inf', input_tp: '-inf', target_offset: 'inf' }),
    );

    // Assess
    expect(parsed.input.integratedLufs).toBeNull();
    expect(parsed.input.truePeakDb).toBeNull();
    expect(parsed.targetOffsetLu).toBeNull();
  });

  it('takes the last report when stderr holds several', () => {
    // Act
    const parsed = parseLoudnormReport(
      `${report(measuredSpeech)}\n${report({ ...measuredSpeech, input_i: '-20.00' })}`,
    );

    // Assess
    expect(parsed.input.integratedLufs).toBe(-20);
  });

  it('fails as InternalError when ffmpeg printed no report or a broken one', () => {
    // Act / Assess
    expect(() => parseLoudnormReport('Stream mapping:\n  Stream #0:0 -> #0:0')).toThrow(
      InternalError,
    );
    expect(() => parseLoudnormReport(report({ ...measuredSpeech, input_i: 'loud' }))).toThrow(
      /input_i is not a number/,
    );
  });
});
