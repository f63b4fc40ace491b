import { copyFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { overwriteWithNoise, patchMatroskaDuration, seededNoise } from './byte-surgery';
import {
  cutInHalf,
  ffmpeg,
  withTemp,
  type HostileCase,
  type HostileInputsOptions,
} from './hostile-case-kit';
import { unsupportedFormatCases } from './hostile-format-cases';
import { generateLavfiClip } from './lavfi-clip';
import { buildMatroskaClaimingSize } from './matroska-header';
import { generateSpeechClip } from './speech-clip';

/** Every hostile case, with how to make it. */
export function hostileCases({ hiddenDurationSec }: Required<HostileInputsOptions>): HostileCase[] {
  return [
    {
      name: 'zero-bytes',
      file: 'zero-bytes.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) => writeFile(path, ''),
    },
    {
      name: 'random-bytes',
      file: 'random-bytes.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) => writeFile(path, seededNoise({ byteCount: 65_536, seed: 11 })),
    },
    {
      name: 'text-file',
      file: 'notes.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) => writeFile(path, 'This is a text file pretending to be a video.\n'.repeat(40)),
    },
    {
      name: 'elf-binary',
      file: 'program.mov',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) => copyFile(process.execPath, path).then(() => truncate(path, 262_144)),
    },
    {
      name: 'ftyp-then-noise',
      file: 'ftyp-only.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) =>
        writeFile(
          path,
          Buffer.concat([
            Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
            seededNoise({ byteCount: 4096, seed: 3 }),
          ]),
        ),
    },
    {
      name: 'truncated-moov-at-end',
      file: 'truncated-moov-at-end.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) =>
        withTemp(path, '.mp4', async (temp) => {
          await generateLavfiClip({
            outputPath: temp,
            durationSec: 2,
            video: { width: 160, height: 120 },
            audio: {},
            faststart: false,
          });
          await cutInHalf(temp, path);
        }),
    },
    {
      name: 'truncated-faststart',
      file: 'truncated-faststart.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) =>
        withTemp(path, '.mp4', async (temp) => {
          await generateLavfiClip({
            outputPath: temp,
            durationSec: 10,
            video: { width: 160, height: 120 },
            audio: {},
            faststart: true,
          });
          await cutInHalf(temp, path);
        }),
    },
    {
      name: 'truncated-matroska',
      file: 'truncated.mkv',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: (path) =>
        withTemp(path, '.mkv', async (temp) => {
          await generateLavfiClip({
            outputPath: temp,
            durationSec: 10,
            video: { width: 160, height: 120 },
            audio: {},
          });
          await cutInHalf(temp, path);
        }),
    },
    {
      name: 'noise-at-start',
      file: 'noise-at-start.mp4',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'validate',
      make: async (path) => {
        await generateLavfiClip({
          outputPath: path,
          durationSec: 2,
          video: { width: 160, height: 120 },
          audio: {},
        });
        await overwriteWithNoise(path, { offsetFraction: 0, byteCount: 8192 });
      },
    },
    {
      // Speech in AAC, 8 KB of noise in the middle: packets all there, ~10 % of the sound undecodable.
      name: 'noise-in-middle',
      file: 'noise-in-middle.m4a',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'audio-extraction',
      make: async (path) => {
        await generateSpeechClip({ outputPath: path, minDurationSec: 20 });
        await overwriteWithNoise(path, { offsetFraction: 0.5, byteCount: 8192 });
      },
    },
    {
      name: 'header-says-1s',
      file: 'header-says-1s.mkv',
      expectedCode: 'GUARDRAIL_EXCEEDED',
      failsAt: 'validate',
      make: (path) =>
        withTemp(path, '.mkv', async (temp) => {
          await ffmpeg([
            '-f',
            'lavfi',
            '-i',
            `color=c=gray:size=16x16:rate=1:duration=${hiddenDurationSec}`,
            '-c:v',
            'libx264',
            '-preset',
            'ultrafast',
            '-g',
            '600',
            temp,
          ]);
          await writeFile(
            path,
            patchMatroskaDuration(await readFile(temp), {
              trueSec: hiddenDurationSec,
              claimedSec: 1,
            }),
          );
        }),
    },
    {
      name: 'streams-1100',
      file: 'streams-1100.mkv',
      expectedCode: 'GUARDRAIL_EXCEEDED',
      failsAt: 'validate',
      make: (path) =>
        writeFile(path, buildMatroskaClaimingSize({ width: 320, height: 240, trackCount: 1100 })),
    },
    {
      name: 'streams-17',
      file: 'streams-17.mkv',
      expectedCode: 'GUARDRAIL_EXCEEDED',
      failsAt: 'validate',
      make: (path) =>
        writeFile(path, buildMatroskaClaimingSize({ width: 320, height: 240, trackCount: 17 })),
    },
    {
      name: 'frame-100000-square',
      file: 'frame-100000-square.mkv',
      expectedCode: 'GUARDRAIL_EXCEEDED',
      failsAt: 'validate',
      make: (path) =>
        writeFile(path, buildMatroskaClaimingSize({ width: 100_000, height: 100_000 })),
    },
    {
      name: 'frame-10000-square',
      file: 'frame-10000-square.mkv',
      expectedCode: 'GUARDRAIL_EXCEEDED',
      failsAt: 'validate',
      make: (path) => writeFile(path, buildMatroskaClaimingSize({ width: 10_000, height: 10_000 })),
    },
    {
      name: 'header-says-5h',
      file: 'header-says-5h.mkv',
      expectedCode: 'GUARDRAIL_EXCEEDED',
      failsAt: 'validate',
      make: (path) =>
        withTemp(path, '.mkv', async (temp) => {
          await generateLavfiClip({ outputPath: temp, durationSec: 1, audio: {} });
          const bytes = await readFile(temp);
          await writeFile(path, patchMatroskaDuration(bytes, { trueSec: 1, claimedSec: 18_000 }));
        }),
    },
    ...unsupportedFormatCases(),
  ];
}
