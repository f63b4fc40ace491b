import { join } from 'node:path';
import { hostileCases } from './hostile-cases';
import { generateLavfiClip } from './lavfi-clip';

export interface HostileInputs {
  /** 0 bytes, named .mp4. */
  zeroByte: string;
  /** A real H.264/AAC MP4 with its second half cut off (moov at the end, so it is lost). */
  truncatedMp4: string;
  /** Plain text named .mp4. */
  textAsMp4: string;
  /** An HLS playlist whose segments point at http:// and file:///etc/passwd. */
  hlsPlaylist: string;
  /** An ffconcat list naming /etc/passwd. */
  ffconcatList: string;
  /** A Matroska file whose header claims a 100000×100000 frame. */
  hugeDimensions: string;
  /** Audio only (a WAV tone), for steps that need video. */
  audioOnly: string;
}

// The generator's cases these fixtures are.
const FROM_CASES = {
  zeroByte: 'zero-bytes',
  truncatedMp4: 'truncated-moov-at-end',
  textAsMp4: 'text-file',
  hlsPlaylist: 'hls-playlist',
  ffconcatList: 'ffconcat-list',
  hugeDimensions: 'frame-100000-square',
} as const;

/**
 * Writes a few of the hostile uploads reel must refuse (each with a clear typed error and no
 * outputs) into `dir`, which the caller owns and removes, by name; `generateHostileInputs` writes
 * all of them.
 */
export async function writeHostileInputs(dir: string): Promise<HostileInputs> {
  const cases = hostileCases({ hiddenDurationSec: 14_700 });
  const written: Partial<HostileInputs> = {};
  for (const [key, name] of Object.entries(FROM_CASES) as Array<
    [keyof typeof FROM_CASES, string]
  >) {
    const hostile = cases.find((candidate) => candidate.name === name);
    if (hostile === undefined) throw new Error(`No hostile case named ${name}`);
    written[key] = join(dir, hostile.file);
    await hostile.make(written[key]);
  }
  const audioOnly = await generateLavfiClip({
    outputPath: join(dir, 'audio-only.wav'),
    durationSec: 2,
    audio: {},
  });
  return { ...(written as Omit<HostileInputs, 'audioOnly'>), audioOnly };
}
