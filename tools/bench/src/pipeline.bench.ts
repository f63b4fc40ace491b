// `npx nx run bench:pipeline [-- RUNS]`: the workflow's own overhead per step, for a short input.
//
// Side by side in one run, interleaved:
//   reel  `reel run` on a 5 s clip (ASL on aws-local-stepfunctions, each step in its bundle's warm
//         host, manifest updates, storage copies), minus the CLI's own start-up (`reel --version`),
//         minus the hosts' cold start (reported on its own line), and minus the wall time spent
//         inside ffmpeg/ffprobe (from each run's FFmpegExecTime and timestamp in the run's log;
//         runs that overlap counted once).
//   bare  the same ffmpeg/ffprobe/pocketsphinx commands in sequence through execa, nothing else.
// Target: overhead ≤ 50 ms per Task state (one per processing step, plus MarkCompleted).
//
// Where that overhead goes, from the manifest's timestamps and the run's wall clock (medians):
// the CLI before the manifest exists (argument parsing, lease, scratch sweep, intake), inside the
// steps beyond ffmpeg, between steps, and from the last step's end to the CLI's exit (finalizer,
// hosts stopped, log stored, summary). Until 2026-12-01 the figure subtracted the sum of every
// ffmpeg run's FFmpegExecTime: runs at once (audio-extraction's probes, the transcoder's rungs and
// pictures) had their shared wall time subtracted once per run, and with the transcoder the figure
// went below zero. It is still printed, labelled, to compare with figures measured before.
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

/** Every ffmpeg/ffprobe run of the log as [start, end] epoch ms (each metric line is emitted at its end). */
async function ffmpegRunsFromLogs(logDir: string): Promise<Array<[number, number]>> {
  const runs: Array<[number, number]> = [];
  for (const file of await readdir(logDir)) {
    for (const line of (await readFile(join(logDir, file), 'utf8')).split('\n')) {
      if (!line.includes('"FFmpegExecTime"')) continue;
      const metric = JSON.parse(line) as { FFmpegExecTime: number; _aws: { Timestamp: number } };
      runs.push([metric._aws.Timestamp - metric.FFmpegExecTime, metric._aws.Timestamp]);
    }
  }
  return runs;
}

const sumOfRuns = (runs: Array<[number, number]>) =>
  runs.reduce((totalMs, [startMs, endMs]) => totalMs + endMs - startMs, 0);

/** Wall time inside at least one run: overlapping runs counted once. */
function unionOfRuns(runs: Array<[number, number]>): number {
  let totalMs = 0;
  let coveredUntilMs = -Infinity;
  for (const [startMs, endMs] of [...runs].sort((a, b) => a[0] - b[0])) {
    totalMs += Math.max(0, endMs - Math.max(startMs, coveredUntilMs));
    coveredUntilMs = Math.max(coveredUntilMs, endMs);
  }
  return totalMs;
}

interface RunPhases {
  /** From the CLI's spawn to the manifest's creation (`reel --version`'s start-up included). */
  beforeManifestMs: number;
  /** From the manifest's creation to the first step's start: the hosts' (parallel) cold start. */
  coldStartMs: number;
  /** The steps' wall time, start to finish, summed. */
  inStepsMs: number;
  /** From each step's finish to the next one's start, summed. */
  betweenStepsMs: number;
  /** From the last step's finish to the CLI's exit. */
  afterStepsMs: number;
}

/** The run's phases, from the manifest's timestamps and the CLI's spawn and exit (epoch ms). */
async function phasesFromManifest(
  manifestPath: string,
  { spawnedAtMs, exitedAtMs }: { spawnedAtMs: number; exitedAtMs: number },
): Promise<RunPhases> {
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as {
    createdAt: string;
    steps: Record<string, { startedAt: string; finishedAt: string }>;
  };
  const steps = Object.values(manifest.steps)
    .map((step) => [Date.parse(step.startedAt), Date.parse(step.finishedAt)] as const)
    .sort((a, b) => a[0] - b[0]);
  const createdAtMs = Date.parse(manifest.createdAt);
  const firstStartMs = steps[0]?.[0] ?? NaN;
  const lastEndMs = steps.at(-1)?.[1] ?? NaN;
  const inStepsMs = steps.reduce((totalMs, [startMs, endMs]) => totalMs + endMs - startMs, 0);
  return {
    beforeManifestMs: createdAtMs - spawnedAtMs,
    coldStartMs: firstStartMs - createdAtMs,
    inStepsMs,
    // The steps run one after another: what their span holds beyond their own time is the gaps.
    betweenStepsMs: lastEndMs - firstStartMs - inStepsMs,
    afterStepsMs: exitedAtMs - lastEndMs,
  };
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
  const unionOverheadMs: number[] = [];
  const coldStartMs: number[] = [];
  const phases: Array<
    RunPhases & { startupMs: number; ffmpegSumMs: number; ffmpegUnionMs: number }
  > = [];
  const reelTotalMs: number[] = [];
  const cliStartupMs: number[] = [];
  const bareMs: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const storage = join(workDir, `storage-${run}`);
    const [startupMs] = await timed(() => execa(process.execPath, [reelBin, '--version']));
    const spawnedAtMs = Date.now();
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
    const exitedAtMs = Date.now();
    if (result.exitCode !== 0)
      throw new Error(`reel run failed:\n${result.stdout}\n${result.stderr}`);
    const jobDir = join(storage, 'dev/bench', `run-${run}`);
    const ffmpegRuns = await ffmpegRunsFromLogs(join(jobDir, 'logs'));
    const insideFfmpegMs = sumOfRuns(ffmpegRuns);
    const runPhases = await phasesFromManifest(join(jobDir, 'manifest.json'), {
      spawnedAtMs,
      exitedAtMs,
    });
    const hostsColdStartMs = runPhases.coldStartMs;
    const [sequenceMs] = await timed(() => bareSequence(input, workDir));
    cliStartupMs.push(startupMs);
    reelTotalMs.push(totalMs);
    reelOverheadMs.push(totalMs - startupMs - insideFfmpegMs - hostsColdStartMs);
    const ffmpegUnionMs = unionOfRuns(ffmpegRuns);
    unionOverheadMs.push(totalMs - startupMs - ffmpegUnionMs - hostsColdStartMs);
    phases.push({ ...runPhases, startupMs, ffmpegSumMs: insideFfmpegMs, ffmpegUnionMs });
    coldStartMs.push(hostsColdStartMs);
    bareMs.push(sequenceMs);
  }
  const perTaskMs = unionOverheadMs.map((overheadMs) => overheadMs / taskStates);
  const overheadPerStepMs = median(perTaskMs);
  const summedPerTaskMs = reelOverheadMs.map((overheadMs) => overheadMs / taskStates);
  console.log(`pipeline bench: ${runs} runs of a 5 s 640x360 clip, medians`);
  console.table({
    'reel run (wall)': { ms: median(reelTotalMs).toFixed(0) },
    'CLI start-up (reel --version)': { ms: median(cliStartupMs).toFixed(0) },
    'service hosts cold start (parallel, once per run)': { ms: median(coldStartMs).toFixed(0) },
    'reel overhead (wall - start-up - cold start - ffmpeg)': {
      ms: median(unionOverheadMs).toFixed(0),
    },
    'bare ffmpeg/ffprobe sequence': { ms: median(bareMs).toFixed(0) },
  });
  const verdict = overheadPerStepMs <= TARGET_PER_TASK_MS ? 'meets' : 'misses';
  console.log(
    `overhead per Task state (${taskStates} Task states), warm hosts, each run: ${perTaskMs.map((ms) => ms.toFixed(0)).join(', ')} ms`,
  );
  console.log(
    `overhead per Task state, warm hosts, median of ${runs}: ${overheadPerStepMs.toFixed(0)} ms | target ≤ ${TARGET_PER_TASK_MS} ms | ${verdict} it (${(overheadPerStepMs / TARGET_PER_TASK_MS).toFixed(2)}× the target)`,
  );
  console.log(
    `load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    `per Task state with the hosts' cold start spread over them: ${((median(unionOverheadMs) + median(coldStartMs)) / taskStates).toFixed(0)} ms`,
  );
  console.log(`reel wall / bare sequence: ${(median(reelTotalMs) / median(bareMs)).toFixed(2)}×`);
  const medianOf = (pick: (run: (typeof phases)[number]) => number) =>
    median(phases.map(pick)).toFixed(0);
  console.log('where the overhead goes (medians of each part over the runs, ms):');
  console.table({
    'CLI before the manifest, beyond reel --version': {
      ms: medianOf((run) => run.beforeManifestMs - run.startupMs),
    },
    'inside steps, beyond ffmpeg (runs summed)': {
      ms: medianOf((run) => run.inStepsMs - run.ffmpegSumMs),
    },
    'inside steps, beyond ffmpeg (overlapping runs once)': {
      ms: medianOf((run) => run.inStepsMs - run.ffmpegUnionMs),
    },
    'between steps': { ms: medianOf((run) => run.betweenStepsMs) },
    "last step's end to the CLI's exit": { ms: medianOf((run) => run.afterStepsMs) },
  });
  // Not a measure of anything (shared wall time subtracted once per run); only to compare with
  // figures from before 2026-12-01.
  console.log(
    `as measured before 2026-12-01 (ffmpeg runs summed, overlaps subtracted twice), each run: ${summedPerTaskMs.map((ms) => ms.toFixed(0)).join(', ')} ms; median ${median(summedPerTaskMs).toFixed(0)} ms`,
  );
} finally {
  await rm(workDir, { recursive: true, force: true });
}
