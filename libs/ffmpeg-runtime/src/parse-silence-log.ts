/** One stretch of silence, in seconds from the start of the media. */
export interface SilenceSpan {
  startSec: number;
  endSec: number;
}

const SILENCE_KEY = /^lavfi\.silence_(start|end)=(-?[\d.]+(?:e[-+]?\d+)?)$/;

/**
 * The silences in the file `ametadata=mode=print` wrote behind `silencedetect` (see
 * `buildSilenceDetectArgs`), in order. A silence still open at the end of the media ends at
 * `durationSec`; times are clamped to `[0, durationSec]`. Other lines (`frame:… pts:…`,
 * `silence_duration`) are ignored. Pure.
 *
 * @example
 * parseSilenceLog('lavfi.silence_start=2.27\nlavfi.silence_end=4.16\n', { durationSec: 9 });
 * // → [{ startSec: 2.27, endSec: 4.16 }]
 */
export function parseSilenceLog(
  text: string,
  { durationSec }: { durationSec: number },
): SilenceSpan[] {
  const clamp = (sec: number) => Math.min(durationSec, Math.max(0, sec));
  const silences: SilenceSpan[] = [];
  let openStartSec: number | undefined;
  for (const line of text.split(/\r?\n/)) {
    const match = SILENCE_KEY.exec(line.trim());
    if (match === null) continue;
    const sec = clamp(Number(match[2]));
    if (match[1] === 'start') {
      openStartSec ??= sec;
    } else if (openStartSec !== undefined) {
      if (sec > openStartSec) silences.push({ startSec: openStartSec, endSec: sec });
      openStartSec = undefined;
    }
  }
  if (openStartSec !== undefined && durationSec > openStartSec) {
    silences.push({ startSec: openStartSec, endSec: durationSec });
  }
  return silences;
}
