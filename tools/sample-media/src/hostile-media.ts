import { join } from 'node:path';
import type { HostileInput, HostileInputsOptions } from './hostile-case-kit';
import { hostileCases } from './hostile-cases';

export type { HostileInput, HostileInputsOptions } from './hostile-case-kit';

/**
 * Writes the hostile uploads reel must refuse into `dir` (which the caller owns and removes), each
 * with the code its job must fail with: 31 of them, made in a few seconds with ffmpeg lavfi,
 * espeak-ng and byte surgery — zero, random and text bytes; truncated MP4 (moov lost, faststart)
 * and MKV; 8 KB of noise at the start and in the middle; an MKV whose header says 1 s but holds
 * `hiddenDurationSec`; 1,100 and 17 streams; frames too big; an MKV claiming 5 h; playlists,
 * concat lists and an SDP file, also under media names; images; containers and codecs off the
 * allow-lists; subtitles only; video without audio.
 *
 * @example
 * for (const { name, path, expectedCode } of await generateHostileInputs(dir)) { … }
 */
export async function generateHostileInputs(
  dir: string,
  { hiddenDurationSec = 14_700 }: HostileInputsOptions = {},
): Promise<HostileInput[]> {
  const inputs: HostileInput[] = [];
  for (const { file, make, ...input } of hostileCases({ hiddenDurationSec })) {
    const path = join(dir, file);
    await make(path);
    inputs.push({ ...input, path });
  }
  return inputs;
}

/**
 * What {@link generateHostileInputs} writes into `dir`, without writing anything: lets a test
 * declare one case per input before they exist.
 *
 * @example
 * it.each(listHostileInputs(dir))('refuses $name with $expectedCode', …);
 */
export function listHostileInputs(dir: string): HostileInput[] {
  return hostileCases({ hiddenDurationSec: 14_700 }).map(({ file, make: _make, ...input }) => ({
    ...input,
    path: join(dir, file),
  }));
}
