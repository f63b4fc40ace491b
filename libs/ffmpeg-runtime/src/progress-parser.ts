/** One progress report, made from a completed `-progress` block. */
export interface FfmpegProgress {
  /** 0–100 of the expected duration; 100 only once ffmpeg reports `progress=end`. */
  percent: number;
  /** Position of the output, in seconds; undefined until ffmpeg knows it. */
  outTimeSec?: number;
  /** Encoding speed as a multiple of real time (`speed=2.5x` → 2.5). */
  speed?: number;
  /** True for the last block (`progress=end`). */
  done: boolean;
}

/** Feeds lines of `ffmpeg -progress pipe:1` in; a report comes out for each finished block. */
export interface FfmpegProgressParser {
  /** Returns a report when `line` closes a block (`progress=continue|end`) and the percentage rose. */
  push(line: string): FfmpegProgress | undefined;
}

// Below `end`, cap the percentage so only ffmpeg's own `progress=end` reports 100.
const MAX_RUNNING_PERCENT = 99.9;

/**
 * Parses the key=value blocks of `ffmpeg -progress pipe:1` into percentages of an expected
 * duration (normally the probed one). Pure: no I/O, no clock. Each block ends with
 * `progress=continue` or `progress=end`; a report is returned only when the percentage strictly
 * rises, so callers see an increasing series that ends at exactly 100. Without a known duration
 * the only report is the final 100.
 *
 * The time comes from `out_time_us`, else `out_time_ms` (which ffmpeg also fills with
 * microseconds, despite its name), else `out_time` (`HH:MM:SS.micro`).
 *
 * @example
 * const parser = createProgressParser({ durationSec: 10 });
 * parser.push('out_time_us=5000000');
 * parser.push('progress=continue'); // → { percent: 50, outTimeSec: 5, done: false }
 */
export function createProgressParser({
  durationSec,
}: {
  durationSec?: number;
}): FfmpegProgressParser {
  const expectedSec = durationSec !== undefined && durationSec > 0 ? durationSec : undefined;
  let block = new Map<string, string>();
  let lastPercent = -1;

  return {
    push(line) {
      const separator = line.indexOf('=');
      if (separator <= 0) return undefined;
      const key = line.slice(0, separator).trim();
      const value = line.slice(separator + 1).trim();
      if (key !== 'progress') {
        block.set(key, value);
        return undefined;
      }
      const done = value === 'end';
      const outTimeSec = readOutTimeSec(block);
      const speed = parseSpeed(block.get('speed'));
      block = new Map();
      const percent = done ? 100 : runningPercent(outTimeSec, expectedSec);
      if (percent === undefined || percent <= lastPercent) return undefined;
      lastPercent = percent;
      return { percent, outTimeSec, speed, done };
    },
  };
}

function runningPercent(outTimeSec: number | undefined, expectedSec: number | undefined) {
  if (outTimeSec === undefined || expectedSec === undefined) return undefined;
  const percent = Math.floor((outTimeSec / expectedSec) * 1000) / 10;
  return Math.min(Math.max(percent, 0), MAX_RUNNING_PERCENT);
}

function readOutTimeSec(block: Map<string, string>): number | undefined {
  const micros = parseFiniteNumber(block.get('out_time_us') ?? block.get('out_time_ms'));
  if (micros !== undefined) return Math.max(micros, 0) / 1_000_000;
  return parseClock(block.get('out_time'));
}

function parseClock(value: string | undefined): number | undefined {
  const match = value?.match(/^(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/);
  if (!match) return undefined;
  const [, sign, hours, minutes, seconds] = match;
  if (sign === '-') return 0;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

function parseSpeed(value: string | undefined): number | undefined {
  return parseFiniteNumber(value?.replace(/x$/, ''));
}

function parseFiniteNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === 'N/A') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}
