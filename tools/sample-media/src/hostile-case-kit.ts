import { copyFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { generateLavfiClip } from './lavfi-clip';
import { runTool } from './run-tool';

/** One upload reel must refuse, and how. */
export interface HostileInput {
  /** Short kebab-case name, usable as a job id. */
  name: string;
  path: string;
  /** The error code the job must fail with. */
  expectedCode: 'CORRUPT_INPUT' | 'UNSUPPORTED_MEDIA' | 'GUARDRAIL_EXCEEDED';
  /** The first workflow step that can know: `validate`, or `audio-extraction` (it decodes). */
  failsAt: 'validate' | 'audio-extraction';
}

/** Options of `generateHostileInputs`. */
export interface HostileInputsOptions {
  /**
   * Length of the media inside the MKV whose header claims 1 s: past the default duration
   * guardrail (4 h). Tiny frames at 1 fps, so it takes under a second to make. Default 14 700.
   */
  hiddenDurationSec?: number;
}

/** A hostile input before it is written: its file name and how to make it. */
export type HostileCase = Omit<HostileInput, 'path'> & {
  file: string;
  make: (path: string) => Promise<unknown>;
};

/** A case the validate step must refuse. */
export function refused(
  name: string,
  file: string,
  expectedCode: HostileInput['expectedCode'],
  make: HostileCase['make'],
): HostileCase {
  return { name, file, expectedCode, failsAt: 'validate', make };
}

export const ffmpeg = (args: string[]) =>
  runTool('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);

const lavfiTone = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
const lavfiPattern = ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=1'];

/** Makes a 1 s test pattern (and, with `tone`, a sine) encoded with `codecArgs`; the container follows the file name. */
export const encodedClip =
  (codecArgs: string[], { pattern = true, tone = true } = {}) =>
  (path: string) =>
    ffmpeg([...(pattern ? lavfiPattern : []), ...(tone ? lavfiTone : []), ...codecArgs, path]);

/** Makes a text file of `lines`. */
export const textFile =
  (lines: string[], separator = '\n') =>
  (path: string) =>
    writeFile(path, [...lines, ''].join(separator));

/** Makes a 160×120 H.264/AAC clip (MP4 or MKV by `extension`) and keeps only its first half. */
export const halfOfClip =
  ({ durationSec, faststart }: { durationSec: number; faststart: boolean }, extension: string) =>
  (path: string) =>
    withTemp(path, extension, async (temp) => {
      const video = { width: 160, height: 120 };
      await generateLavfiClip({ outputPath: temp, durationSec, video, audio: {}, faststart });
      await copyFile(temp, path);
      await truncate(path, Math.floor((await stat(path)).size / 2));
    });

/** Runs `make` on a temp file beside `path`, removed afterwards. */
export async function withTemp(
  path: string,
  extension: string,
  make: (temp: string) => Promise<void>,
): Promise<void> {
  const temp = `${path}.source${extension}`;
  try {
    await make(temp);
  } finally {
    await rm(temp, { force: true });
  }
}
