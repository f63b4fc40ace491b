import { describe, expect, it } from 'vitest';
import { createProgressParser, type FfmpegProgress } from './progress-parser';

function feed(durationSec: number | undefined, text: string): FfmpegProgress[] {
  const parser = createProgressParser({ durationSec });
  return text
    .split('\n')
    .map((line) => parser.push(line))
    .filter((progress): progress is FfmpegProgress => progress !== undefined);
}

describe('Function: createProgressParser', () => {
  it('reports each block as a percentage of the duration, ending at 100', () => {
    // Prepare
    const output = [
      'frame=10',
      'out_time_us=2500000',
      'out_time_ms=2500000',
      'out_time=00:00:02.500000',
      'speed=5.01x',
      'progress=continue',
      'out_time_us=7500000',
      'progress=continue',
      'out_time_us=10000000',
      'progress=end',
    ].join('\n');

    // Act
    const reports = feed(10, output);

    // Assess
    expect(reports).toEqual([
      { percent: 25, outTimeSec: 2.5, speed: 5.01, done: false },
      { percent: 75, outTimeSec: 7.5, speed: undefined, done: false },
      { percent: 100, outTimeSec: 10, speed: undefined, done: true },
    ]);
  });

  it('reads out_time_ms as microseconds, as ffmpeg writes it, when out_time_us is absent', () => {
    // Act
    const [report] = feed(4, 'out_time_ms=1000000\nprogress=continue');

    // Assess
    expect(report?.percent).toBe(25);
  });

  it('falls back to the HH:MM:SS out_time', () => {
    // Act
    const [report] = feed(120, 'out_time=00:01:00.000000\nprogress=continue');

    // Assess
    expect(report?.outTimeSec).toBe(60);
    expect(report?.percent).toBe(50);
  });

  it('never reports a falling or repeated percentage, nor 100 before the end', () => {
    // Prepare
    const output = [
      'out_time_us=N/A',
      'progress=continue',
      'out_time_us=-23000',
      'progress=continue',
      'out_time_us=6000000',
      'progress=continue',
      'out_time_us=5000000',
      'progress=continue',
      'out_time_us=6000000',
      'progress=continue',
      'out_time_us=12000000',
      'progress=continue',
      'progress=end',
    ].join('\n');

    // Act
    const percents = feed(10, output).map(({ percent }) => percent);

    // Assess
    expect(percents).toEqual([0, 60, 99.9, 100]);
  });

  it('reports only the final 100 when the duration is unknown', () => {
    // Act
    const reports = feed(undefined, 'out_time_us=5000000\nprogress=continue\nprogress=end');

    // Assess
    expect(reports.map(({ percent }) => percent)).toEqual([100]);
  });

  it('ignores lines that are not key=value', () => {
    // Act
    const reports = feed(10, 'garbage\n=x\n\nprogress=end');

    // Assess
    expect(reports).toHaveLength(1);
  });
});
