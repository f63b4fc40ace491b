import { copyFile, rm, stat, truncate } from 'node:fs/promises';
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

/** Options of {@link generateHostileInputs}. */
export interface HostileInputsOptions {
  /**
   * Length of the media inside the MKV whose header claims 1 s: past the default duration
   * guardrail (4 h). Tiny frames at 1 fps, so it takes under a second to make. Default 14 700.
   */
  hiddenDurationSec?: number;
}

export type HostileCase = Omit<HostileInput, 'path'> & {
  file: string;
  make: (path: string) => Promise<unknown>;
};

export const ffmpeg = (args: string[]) =>
  runTool('ffmpeg', ['-v', 'error', '-nostdin', '-y', ...args]);
export const lavfiTone = (seconds: number) => [
  '-f',
  'lavfi',
  '-i',
  `sine=frequency=440:duration=${seconds}`,
];
export const lavfiPattern = (seconds: number, size = '160x120') => [
  '-f',
  'lavfi',
  '-i',
  `testsrc2=size=${size}:rate=25:duration=${seconds}`,
];

export async function cutInHalf(source: string, path: string): Promise<void> {
  await copyFile(source, path);
  await truncate(path, Math.floor((await stat(path)).size / 2));
}

export async function withTemp(
  path: string,
  extension: string,
  make: (temp: string) => Promise<void>,
) {
  const temp = `${path}.source${extension}`;
  try {
    await make(temp);
  } finally {
    await rm(temp, { force: true });
  }
}
