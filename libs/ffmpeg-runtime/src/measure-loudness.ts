import { buildEbur128Args } from './build-ebur128-args';
import { limitsOf, type MediaOperationOptions, type OperationContext } from './operation-context';
import { parseEbur128Summary, type Loudness } from './parse-ebur128-summary';
import { runOperation } from './run-operation';

/**
 * EBU R128 loudness of the first audio stream (ffmpeg's `ebur128`, true peak on; see
 * `buildEbur128Args`): integrated loudness, loudness range and true peak. Reads at most the
 * duration guardrail, counts decode errors, honours the deadline and signal; writes nothing. An
 * input without audio is an UnsupportedMediaError (ffmpeg finds no stream for `-map 0:a:0`),
 * named by `inputLabel`.
 *
 * @example
 * const loudness = await runtime.measureLoudness({ input: join(dir, 'audio/index.m4a'), durationSec, signal });
 * // → { integratedLufs: -16.1, loudnessRangeLu: 5.2, truePeakDbtp: -1.4 }
 */
export async function measureLoudness(
  context: OperationContext,
  { guardrails, ...options }: MediaOperationOptions,
): Promise<Loudness> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  const { stderrTail = '' } = await runOperation({
    ...options,
    operation: 'measure-loudness',
    args: buildEbur128Args({ input: options.input, readLimitSec }),
    outputs: [],
    decodes: true,
    maxDurationSec,
    overrunToleranceSec: 0.5,
    keepStderr: { maxLines: 40, maxChars: 8 * 1024 },
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  return parseEbur128Summary(stderrTail);
}
