import { copyFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { overwriteWithNoise, patchMatroskaDuration, seededNoise } from './byte-surgery';
import {
  ffmpeg,
  halfOfClip,
  refused,
  textFile,
  withTemp,
  type HostileCase,
  type HostileInputsOptions,
} from './hostile-case-kit';
import { unsupportedFormatCases } from './hostile-format-cases';
import { generateLavfiClip } from './lavfi-clip';
import { buildMatroskaClaimingSize } from './matroska-header';
import { generateSpeechClip } from './speech-clip';

const FTYP_ISOM = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex');

/** Makes an MKV of `trueSec` whose header and tags say it lasts `claimedSec`. */
const lyingMatroska =
  ({ trueSec, claimedSec }: { trueSec: number; claimedSec: number }, source: string[]) =>
  (path: string) =>
    withTemp(path, '.mkv', async (temp) => {
      await ffmpeg([...source, temp]);
      await writeFile(path, patchMatroskaDuration(await readFile(temp), { trueSec, claimedSec }));
    });

/** Makes a Matroska header claiming `trackCount` tracks of `width × height`. */
const matroskaClaiming =
  (width: number, height: number, trackCount = 1) =>
  (path: string) =>
    writeFile(path, buildMatroskaClaimingSize({ width, height, trackCount }));

/** Every hostile case, with how to make it. */
export function hostileCases({ hiddenDurationSec }: Required<HostileInputsOptions>): HostileCase[] {
  const corrupt = (name: string, file: string, make: HostileCase['make']) =>
    refused(name, file, 'CORRUPT_INPUT', make);
  const tooBig = (name: string, file: string, make: HostileCase['make']) =>
    refused(name, file, 'GUARDRAIL_EXCEEDED', make);
  return [
    corrupt('zero-bytes', 'zero-bytes.mp4', (path) => writeFile(path, '')),
    corrupt('random-bytes', 'random-bytes.mp4', (path) =>
      writeFile(path, seededNoise({ byteCount: 65_536, seed: 11 })),
    ),
    corrupt(
      'text-file',
      'notes.mp4',
      textFile(Array(40).fill('A text file pretending to be a video.')),
    ),
    corrupt('elf-binary', 'program.mov', async (path) => {
      await copyFile(process.execPath, path);
      await truncate(path, 262_144);
    }),
    corrupt('ftyp-then-noise', 'ftyp-only.mp4', (path) =>
      writeFile(path, Buffer.concat([FTYP_ISOM, seededNoise({ byteCount: 4096, seed: 3 })])),
    ),
    // Moov at the end, as cameras write it: cut in half, ffprobe finds no moov.
    corrupt(
      'truncated-moov-at-end',
      'truncated-moov-at-end.mp4',
      halfOfClip({ durationSec: 2, faststart: false }, '.mp4'),
    ),
    // Moov first: it survives and claims all 10 s; only the packets tell.
    corrupt(
      'truncated-faststart',
      'truncated-faststart.mp4',
      halfOfClip({ durationSec: 10, faststart: true }, '.mp4'),
    ),
    corrupt(
      'truncated-matroska',
      'truncated.mkv',
      halfOfClip({ durationSec: 10, faststart: false }, '.mkv'),
    ),
    corrupt('noise-at-start', 'noise-at-start.mp4', async (path) => {
      await generateLavfiClip({
        outputPath: path,
        durationSec: 2,
        video: { width: 160, height: 120 },
        audio: {},
      });
      await overwriteWithNoise(path, { offsetFraction: 0, byteCount: 8192 });
    }),
    {
      // AAC speech with 8 KB of noise in the middle: every packet there, ~10 % of them undecodable.
      name: 'noise-in-middle',
      file: 'noise-in-middle.m4a',
      expectedCode: 'CORRUPT_INPUT',
      failsAt: 'audio-extraction',
      make: async (path) => {
        await generateSpeechClip({ outputPath: path, minDurationSec: 20 });
        await overwriteWithNoise(path, { offsetFraction: 0.5, byteCount: 8192 });
      },
    },
    tooBig(
      'header-says-1s',
      'header-says-1s.mkv',
      lyingMatroska({ trueSec: hiddenDurationSec, claimedSec: 1 }, [
        ...['-f', 'lavfi', '-i', `color=c=gray:size=16x16:rate=1:duration=${hiddenDurationSec}`],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '600'],
      ]),
    ),
    tooBig(
      'header-says-5h',
      'header-says-5h.mkv',
      lyingMatroska({ trueSec: 1, claimedSec: 18_000 }, ['-f', 'lavfi', '-i', 'sine=duration=1']),
    ),
    tooBig('streams-1100', 'streams-1100.mkv', matroskaClaiming(320, 240, 1100)),
    tooBig('streams-17', 'streams-17.mkv', matroskaClaiming(320, 240, 17)),
    tooBig('frame-100000-square', 'frame-100000-square.mkv', matroskaClaiming(100_000, 100_000)),
    tooBig('frame-10000-square', 'frame-10000-square.mkv', matroskaClaiming(10_000, 10_000)),
    ...unsupportedFormatCases(),
  ];
}
