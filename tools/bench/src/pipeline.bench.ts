// `npx nx run bench:pipeline [-- RUNS]`: the workflow's own overhead per step, for a short input.
//
// Side by side in one run, interleaved:
//   reel  `reel run` on a 5 s clip (ASL on aws-local-stepfunctions, each step in its bundle's warm
//         host, manifest updates, storage copies), minus the CLI's own start-up (`reel --version`),
//         minus the hosts' cold start (reported on its own line), and minus the time spent inside
//         ffmpeg/ffprobe (FFmpegExecTime from the run's log).
//   bare  the same ffmpeg/ffprobe/pocketsphinx commands in sequence through execa, nothing else.
// Target: overhead ≤ 50 ms per Task state (validate, audio, transcription, cut plan, complete).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { processingSteps } from '@reel/workflow';
import { execa } from 'execa';

const runs = Number(process.argv[2] ?? 5);
const workspaceRoot = join(import.meta.dirname, '../../..');
// What `npx reel` runs (the workspace package's bin), on this Node.
const reelBin = join(workspaceRoot, 'tools/reel-cli/bin/reel.mjs');
// One Task state per processing step, plus MarkCompleted.
const taskStates = processingSteps.length + 1;
const TARGET_PER_TASK_MS = 50;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const startedMs = performance.now();
  const result = await work();
  return [performance.now() - startedMs, result];
}

async function ffmpegTimeFromLogs(logDir: string): Promise<number> {
  let totalMs = 0;
  for (const file of await readdir(logDir)) {
    for (const line of (await readFile(join(logDir, file), 'utf8')).split('\n')) {
      if (!line.includes('"FFmpegExecTime"')) continue;
      totalMs += (JSON.parse(line) as { FFmpegExecTime: number }).FFmpegExecTime;
    }
  }
  return totalMs;
}

/** Time from the manifest's creation to the first step's start: the hosts' (parallel) cold start. */
async function coldStartFromManifest(manifestPath: string): Promise<number> {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    createdAt: string;
    steps: Record<string, { startedAt: string }>;
  };
  const firstStartMs = Math.min(
    ...Object.values(manifest.steps).map((step) => Date.parse(step.startedAt)),
  );
  return firstStartMs - Date.parse(manifest.createdAt);
}

async function bareSequence(input: string, outDir: string): Promise<void> {
  const probeArgs = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  await execa('ffprobe', [...probeArgs, input]);
  await execa('ffmpeg', [
    '-nostdin',
    '-y',
    '-i',
    input,
    '-map',
    '0:a:0',
    '-vn',
    '-c:a',
    'libmp3lame',
    '-q:a',
    '2',
    join(outDir, 'a.mp3'),
  ]);
  await execa('ffmpeg', [
    '-nostdin',
    '-y',
    '-i',
    input,
    '-map',
    '0:a:0',
    '-vn',
    '-ac',
    '1',
    '-ar',
    '16000',
    '-c:a',
    'pcm_s16le',
    join(outDir, 'a.wav'),
  ]);
  await execa('ffprobe', [...probeArgs, join(outDir, 'a.mp3')]);
  await execa('ffprobe', [...probeArgs, join(outDir, 'a.wav')]);
  const wav = join(outDir, 'a.wav');
  const model = '/usr/share/pocketsphinx/model/en-us';
  // prettier-ignore
  await execa('pocketsphinx_continuous', ['-infile', wav, '-time', 'yes', '-hmm', `${model}/en-us`, '-lm', `${model}/en-us.lm.bin`, '-dict', `${model}/cmudict-en-us.dict`]);
  // prettier-ignore
  await execa('ffmpeg', ['-nostdin', '-i', wav, '-af', `silencedetect=noise=-35dB:d=0.1,ametadata=mode=print:file=${join(outDir, 'silences.txt')}`, '-f', 'null', '-']);
}

const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-pipeline-'));
try {
  const input = join(workDir, 'input.mp4');
  await execa('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=25:duration=5',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:duration=5',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-movflags',
    '+faststart',
    input,
  ]);
  const reelOverheadMs: number[] = [];
  const coldStartMs: number[] = [];
  const reelTotalMs: number[] = [];
  const cliStartupMs: number[] = [];
  const bareMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const storage = join(workDir, `storage-${run}`);
    const [startupMs] = await timed(() => execa(process.execPath, [reelBin, '--version']));
    const [totalMs, result] = await timed(() =>
      execa(
        process.execPath,
        [
          reelBin,
          'run',
          '--no-build',
          '--input',
          input,
          '--tenant',
          'bench',
          '--job',
          `run-${run}`,
        ],
        { env: { MEDIA_STORAGE_PATH: storage }, reject: false },
      ),
    );
    if (result.exitCode !== 0)
      throw new Error(`reel run failed:\n${result.stdout}\n${result.stderr}`);
    const jobDir = join(storage, 'dev/bench', `run-${run}`);
    const insideFfmpegMs = await ffmpegTimeFromLogs(join(jobDir, 'logs'));
    const hostsColdStartMs = await coldStartFromManifest(join(jobDir, 'manifest.json'));
    const [sequenceMs] = await timed(() => bareSequence(input, workDir));
    cliStartupMs.push(startupMs);
    reelTotalMs.push(totalMs);
    reelOverheadMs.push(totalMs - startupMs - insideFfmpegMs - hostsColdStartMs);
    coldStartMs.push(hostsColdStartMs);
    bareMs.push(sequenceMs);
  }
  const perTaskMs = reelOverheadMs.map((overheadMs) => overheadMs / taskStates);
  const overheadPerStepMs = median(perTaskMs);
  console.log(`pipeline bench: ${runs} runs of a 5 s 640x360 clip, medians`);
  console.table({
    'reel run (wall)': { ms: median(reelTotalMs).toFixed(0) },
    'CLI start-up (reel --version)': { ms: median(cliStartupMs).toFixed(0) },
    'service hosts cold start (parallel, once per run)': { ms: median(coldStartMs).toFixed(0) },
    'reel overhead (wall - start-up - cold start - ffmpeg)': {
      ms: median(reelOverheadMs).toFixed(0),
    },
    'bare ffmpeg/ffprobe sequence': { ms: median(bareMs).toFixed(0) },
  });
  const verdict = overheadPerStepMs <= TARGET_PER_TASK_MS ? 'meets' : 'misses';
  console.log(
    `overhead per Task state, warm hosts, each run: ${perTaskMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `overhead per Task state, warm hosts, median of ${runs}: ${overheadPerStepMs.toFixed(0)} ms | target ≤ ${TARGET_PER_TASK_MS} ms | ${verdict} it (${(overheadPerStepMs / TARGET_PER_TASK_MS).toFixed(2)}× the target)`,
  );
  console.log(
    `load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    `per Task state with the hosts' cold start spread over them: ${((median(reelOverheadMs) + median(coldStartMs)) / taskStates).toFixed(0)} ms`,
  );
  console.log(`reel wall / bare sequence: ${(median(reelTotalMs) / median(bareMs)).toFixed(2)}×`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
