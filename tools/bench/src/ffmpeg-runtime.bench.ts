/**
 * The ffmpeg runner's overhead against a bare execa call of the same command.
 *
 * Both sides run the identical argv (the runtime's `extractAsrWav` of a 0.2 s tone, and bare execa
 * of the argv that run reports), interleaved and alternating which goes first, so drift in
 * machine load hits both equally.
 *
 *   npx nx run bench:ffmpeg-runtime            # 40 runs each
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/ffmpeg-runtime.bench.ts 100
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { execa } from 'execa';

const WARMUP_RUNS = 3;
const runs = Number(process.argv[2] ?? 40);
if (!Number.isInteger(runs) || runs < 1) {
  throw new TypeError(`The run count must be a positive integer, got ${process.argv[2]}`);
}

// Short and CPU-light: the process start and the runner's bookkeeping dominate.
const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-runtime-'));
const input = join(workDir, 'tone.wav');
const output = join(workDir, 'tone-16k.wav');
await execa('ffmpeg', [
  '-v',
  'error',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440:duration=0.2',
  input,
]);
const runtime = createFfmpegRuntime();
const [binary = 'ffmpeg', ...argv] = (await runtime.extractAsrWav({ input, output })).argv;

const contenders = {
  runner: () => runtime.extractAsrWav({ input, output }),
  bareExeca: () => execa(binary, argv),
} as const;
type Contender = keyof typeof contenders;

async function timeOnce(contender: Contender): Promise<number> {
  const startedMs = performance.now();
  await contenders[contender]();
  return performance.now() - startedMs;
}

function percentile(sortedMs: number[], fraction: number): number {
  const index = Math.min(sortedMs.length - 1, Math.ceil(fraction * sortedMs.length) - 1);
  return sortedMs[Math.max(0, index)] ?? Number.NaN;
}

function summarise(samplesMs: number[]) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 0.5), p95Ms: percentile(sorted, 0.95) };
}

async function main(): Promise<void> {
  for (let run = 0; run < WARMUP_RUNS; run += 1) {
    await timeOnce('runner');
    await timeOnce('bareExeca');
  }
  const samples: Record<Contender, number[]> = { runner: [], bareExeca: [] };
  for (let run = 0; run < runs; run += 1) {
    const order: Contender[] = run % 2 === 0 ? ['runner', 'bareExeca'] : ['bareExeca', 'runner'];
    for (const contender of order) samples[contender].push(await timeOnce(contender));
  }

  const runner = summarise(samples.runner);
  const bare = summarise(samples.bareExeca);
  const format = (ms: number) => `${ms.toFixed(2)} ms`;
  console.log(`ffmpeg ${argv.join(' ')}`);
  console.log(`${runs} runs each, interleaved, after ${WARMUP_RUNS} warm-up runs each\n`);
  console.table({
    'runtime.extractAsrWav (reel)': { median: format(runner.medianMs), p95: format(runner.p95Ms) },
    'execa (bare)': { median: format(bare.medianMs), p95: format(bare.p95Ms) },
  });
  const overheadMs = runner.medianMs - bare.medianMs;
  console.log(
    `Overhead (median): ${overheadMs >= 0 ? '+' : ''}${format(overheadMs)} per call, ratio ${(runner.medianMs / bare.medianMs).toFixed(3)}×`,
  );
  console.log(
    `Overhead (p95):    ${format(runner.p95Ms - bare.p95Ms)}, ratio ${(runner.p95Ms / bare.p95Ms).toFixed(3)}×`,
  );
}

try {
  await main();
} finally {
  await rm(workDir, { recursive: true, force: true });
}
