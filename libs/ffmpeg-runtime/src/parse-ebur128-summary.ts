import { InternalError } from '@reel/error-taxonomy';

/**
 * EBU R128 loudness of a programme. `null` where there is nothing to measure: silence has no
 * gated loudness (every block is under the −70 LUFS absolute gate) and no peak (`-inf`).
 */
export interface Loudness {
  /** Integrated loudness, LUFS (LKFS). */
  integratedLufs: number | null;
  /** Loudness range, LU. */
  loudnessRangeLu: number;
  /** Maximum true peak over all channels, dBTP. */
  truePeakDbtp: number | null;
}

/** ebur128's integrated loudness when no block passed the absolute gate: nothing was measured. */
const ABSOLUTE_GATE_LUFS = -70;

const SUMMARY_HEADER = /\[Parsed_ebur128_\d+ @ [^\]]*\] Summary:/g;
const INTEGRATED = /Integrated loudness:\s*\n\s*I:\s*(\S+) LUFS/;
const RANGE = /Loudness range:\s*\n\s*LRA:\s*(\S+) LU/;
const TRUE_PEAK = /True peak:\s*\n\s*Peak:\s*(\S+) dBFS/;

function level(summary: string, pattern: RegExp, role: string): number | null {
  const text = pattern.exec(summary)?.[1];
  if (text === undefined) {
    throw new InternalError(`The ebur128 summary has no ${role}`, {
      details: { role, summary: summary.slice(0, 2000) },
    });
  }
  if (/^[+-]?inf$/.test(text)) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InternalError(`The ebur128 summary's ${role} is not a number: ${text}`, {
      details: { role, value: text },
    });
  }
  return value;
}

/**
 * The last `ebur128` summary in ffmpeg's stderr (`peak=true`: the true peak section is
 * required). ebur128 prints one decimal, so values are ±0.05. A missing or malformed summary is
 * an InternalError: reel asked for it. Pure.
 *
 * @example
 * parseEbur128Summary(stderrTail); // → { integratedLufs: -23, loudnessRangeLu: 4.1, truePeakDbtp: -2.3 }
 */
export function parseEbur128Summary(stderr: string): Loudness {
  const header = [...stderr.matchAll(SUMMARY_HEADER)].at(-1);
  const summary = header === undefined ? undefined : stderr.slice(header.index + header[0].length);
  if (summary === undefined) {
    throw new InternalError('ffmpeg printed no ebur128 summary', {
      details: { stderrTail: stderr.slice(-2000) },
    });
  }
  const integratedLufs = level(summary, INTEGRATED, 'integrated loudness');
  return {
    integratedLufs:
      integratedLufs === null || integratedLufs <= ABSOLUTE_GATE_LUFS ? null : integratedLufs,
    loudnessRangeLu: level(summary, RANGE, 'loudness range') ?? 0,
    truePeakDbtp: level(summary, TRUE_PEAK, 'true peak'),
  };
}
