import {
  buildLoudnormMeasureArgs,
  type LoudnessTargets,
  type LoudnormMeasured,
} from './build-loudnorm-args';
import { limitsOf, type MediaOperationOptions, type OperationContext } from './operation-context';
import { parseLoudnormReport, type LoudnormReport } from './parse-loudnorm-report';
import { runOperation } from './run-operation';

/** Options of {@link measureLoudnorm}: the input and the targets pass 2 will aim at. */
export interface MeasureLoudnormOptions extends MediaOperationOptions, LoudnessTargets {}

/** loudnorm's first pass. */
export interface LoudnormFirstPass {
  report: LoudnormReport;
  /**
   * Pass 2's `measured_*` and `offset` options; undefined for a silent input (no gated loudness):
   * there is nothing to normalise, encode the sound as it is.
   */
  measured: LoudnormMeasured | undefined;
}

/**
 * loudnorm's measuring pass over the first audio stream only (see `buildLoudnormMeasureArgs`; a
 * video beside it is not decoded), run as every operation: duration guardrail, decode errors
 * counted, deadline and signal, progress against `durationSec`; writes nothing. An input without
 * audio is an UnsupportedMediaError named by `inputLabel`. Its `measured` values go into pass 2's
 * `loudnorm=…:measured_I=…:offset=…:linear=true` in the same encode as the audio rendition.
 *
 * @example
 * const { measured } = await runtime.measureLoudnorm({ input, integratedLufs: -16, truePeakDb: -1, durationSec });
 */
export async function measureLoudnorm(
  context: OperationContext,
  { guardrails, integratedLufs, truePeakDb, loudnessRangeLu, ...options }: MeasureLoudnormOptions,
): Promise<LoudnormFirstPass> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  const { stderrTail = '' } = await runOperation({
    ...options,
    operation: 'measure-loudnorm',
    args: buildLoudnormMeasureArgs({
      input: options.input,
      integratedLufs,
      truePeakDb,
      loudnessRangeLu,
      readLimitSec,
    }),
    outputs: [],
    decodes: true,
    maxDurationSec,
    overrunToleranceSec: 0.5,
    keepStderr: { maxLines: 80, maxChars: 16 * 1024 },
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  const report = parseLoudnormReport(stderrTail);
  const { integratedLufs: i, truePeakDb: tp, loudnessRangeLu: lra, thresholdLufs } = report.input;
  const offset = report.targetOffsetLu;
  const measured =
    i === null || tp === null || lra === null || thresholdLufs === null || offset === null
      ? undefined
      : {
          integratedLufs: i,
          truePeakDb: tp,
          loudnessRangeLu: lra,
          thresholdLufs,
          targetOffsetLu: offset,
        };
  return { report, measured };
}
