import { CorruptInputError } from '@reel/error-taxonomy';
import { buildPacketScanArgs } from './build-packet-scan-args';
import { relabelError } from './input-label';
import { limitsOf, type MediaOperationOptions, type OperationContext } from './operation-context';
import { runOperation } from './run-operation';

/** Where an input's packets really end, from {@link scanPackets}. */
export interface PacketScan {
  /** Start of the last audio or video packet read, in seconds. */
  scannedDurationSec: number;
  durationMs: number;
}

/**
 * Packets may end this much short of the claimed duration (the scan reports the last packet's
 * start, so a frame or two is always missing), else the input is truncated.
 */
export const SHORT_PACKETS_FRACTION = 0.05;
const SHORT_PACKETS_MIN_SEC = 1;

/**
 * Reads every audio and video packet without decoding (see `buildPacketScanArgs`; seconds even
 * for hours of media) to learn where the media really ends, up to the duration guardrail. Media
 * past the guardrail is GuardrailExceededError, whatever the container claims (an MKV whose
 * header says 1 s but holds hours). With `claimedDurationSec` (the probe's), packets ending more
 * than 5 % (and 1 s) short of it are CorruptInputError with both durations in `details`: a
 * faststart MP4 cut in half.
 *
 * @example
 * const { scannedDurationSec } = await runtime.scanPackets({ input, claimedDurationSec: summary.durationSec });
 */
export async function scanPackets(
  context: OperationContext,
  { claimedDurationSec, ...options }: MediaOperationOptions & { claimedDurationSec?: number },
): Promise<PacketScan> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const { input, inputLabel } = options;
  const { outTimeSec = 0, durationMs } = await runOperation({
    ...options,
    operation: 'scan-packets',
    args: buildPacketScanArgs({ input, readLimitSec }),
    outputs: [],
    decodes: false,
    maxDurationSec,
    overrunToleranceSec: 0,
    durationSec: options.durationSec ?? claimedDurationSec,
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  if (claimedDurationSec !== undefined) {
    const missingSec = claimedDurationSec - outTimeSec;
    if (missingSec > Math.max(claimedDurationSec * SHORT_PACKETS_FRACTION, SHORT_PACKETS_MIN_SEC)) {
      throw relabelError(
        new CorruptInputError(
          `${input} is truncated: its packets end at ${outTimeSec.toFixed(2)} s of the ${claimedDurationSec.toFixed(2)} s it claims`,
          {
            details: {
              input,
              measuredDurationSec: outTimeSec,
              claimedDurationSec,
            },
          },
        ),
        { input, inputLabel },
      );
    }
  }
  return { scannedDurationSec: outTimeSec, durationMs };
}
