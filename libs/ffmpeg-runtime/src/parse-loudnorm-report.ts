import { InternalError } from '@reel/error-taxonomy';

/**
 * Loudness as loudnorm measured it. `null` where there was nothing to measure: a silent signal
 * has no gated loudness (loudnorm prints `-inf`).
 */
export interface LoudnessMeasurement {
  integratedLufs: number | null;
  truePeakDb: number | null;
  loudnessRangeLu: number | null;
  thresholdLufs: number | null;
}

/** One loudnorm JSON report (`print_format=json`). */
export interface LoudnormReport {
  input: LoudnessMeasurement;
  output: LoudnessMeasurement;
  /** `linear` (one gain) or `dynamic` (loudnorm's compressor/limiter fallback). */
  normalizationType: string;
  /** Pass 2's `offset`; null for a silent input. */
  targetOffsetLu: number | null;
}

const REPORT_BLOCK = /\[Parsed_loudnorm_\d+ @ [^\]]*\]\s*\r?\n(\{[^}]*\})/g;

function level(fields: Record<string, unknown>, key: string): number | null {
  const text = fields[key];
  if (typeof text !== 'string') {
    throw new InternalError(`The loudnorm report has no ${key}`, { details: { key } });
  }
  if (/^[+-]?inf$/.test(text.trim())) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) {
    throw new InternalError(`The loudnorm report's ${key} is not a number: ${text}`, {
      details: { key, value: text },
    });
  }
  return value;
}

function measurement(fields: Record<string, unknown>, side: 'input' | 'output') {
  return {
    integratedLufs: level(fields, `${side}_i`),
    truePeakDb: level(fields, `${side}_tp`),
    loudnessRangeLu: level(fields, `${side}_lra`),
    thresholdLufs: level(fields, `${side}_thresh`),
  };
}

/**
 * The last loudnorm JSON report in ffmpeg's stderr (`-inf`/`inf` become null). A missing or
 * malformed report is an InternalError: reel asked for it, so its absence is reel's fault. Pure.
 *
 * @example
 * parseLoudnormReport(stderrTail).input.integratedLufs; // → -30.21
 */
export function parseLoudnormReport(stderr: string): LoudnormReport {
  const blocks = [...stderr.matchAll(REPORT_BLOCK)];
  const json = blocks.at(-1)?.[1];
  if (json === undefined) {
    throw new InternalError('ffmpeg printed no loudnorm report', {
      details: { stderrTail: stderr.slice(-2000) },
    });
  }
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new InternalError('The loudnorm report is not JSON', {
      cause: error,
      details: { report: json },
    });
  }
  const normalizationType = fields['normalization_type'];
  return {
    input: measurement(fields, 'input'),
    output: measurement(fields, 'output'),
    normalizationType: typeof normalizationType === 'string' ? normalizationType : 'unknown',
    targetOffsetLu: level(fields, 'target_offset'),
  };
}
