// `npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/first-task.bench.ts DIR_A DIR_B [ROUNDS]`
//
// What a fresh service host's FIRST Task costs its own process, for two builds of the app bundles
// (each DIR holds `<service>/index.mjs`, e.g. a copy of dist/apps built without and with a
// change), side by side, interleaved. Each sample is a new Node process that imports the bundle,
// waits 2.5 s (as a warm host waits for its turn), and invokes the step once on a copy of a
// completed job (a 5 s clip that `reel run` processed first): the handler's wall time, the time
// inside ffmpeg (FFmpegExecTime), and the CPU time of the process itself (`process.cpuUsage`:
// ffmpeg's children excluded), which the machine's load inflates far less than wall time.
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: first-task.bench.ts DIR_A DIR_B [ROUNDS]');
const rounds = Number(roundsArg ?? 6);
const services = ['audio-extraction', 'transcription'] as const;
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'tools/reel-cli/bin/reel.mjs');
const RUN_ID = 'run-bench-first-task';
// The workspace's Node 24 (the `node` devDependency), as `npx reel` and its hosts run.
const workspaceNode = join(workspaceRoot, 'node_modules/node/bin/node');
const nodePath = existsSync(workspaceNode) ? workspaceNode : process.execPath;

// One sample, in its own process: the child's whole program.
const sampleProgram = `
const [bundle, storage, jobDir, runId] = process.argv.slice(1);
const lines = [];
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk) => (lines.push(String(chunk)), true);
const { handler } = await import(bundle);
await new Promise((resolve) => setTimeout(resolve, 2500));
lines.length = 0;
const { readFileSync } = await import('node:fs');
const { correlationId } = JSON.parse(readFileSync(jobDir + '/manifest.json', 'utf8'));
const event = { job: { env: 'dev', tenantId: 'bench', jobId: 'job', correlationId, runId }, options: {} };
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await handler(event, { awsRequestId: 'first-task', getRemainingTimeInMillis: () => 600000 });
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
let ffmpegMs = 0;
for (const line of lines.join('').split('\\n')) if (line.includes('"FFmpegExecTime"')) ffmpegMs += JSON.parse(line).FFmpegExecTime;
write(JSON.stringify({ wallMs, ffmpegMs, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
process.exit(0);
`;

interface Sample {
  wallMs: number;
  ffmpegMs: number;
  cpuMs: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function sample(bundlesDir: string, service: string, baseStorage: string): Promise<Sample> {
  const storage = await mkdtemp(join(tmpdir(), 'reel-bench-first-task-'));
  try {
    await cp(baseStorage, storage, { recursive: true });
    const jobDir = join(storage, 'dev/bench/job');
    const now = Date.now();
    // The run holds the job's lease, as `reel run` would have taken it.
    await writeFile(
      join(jobDir, 'run-lease.json'),
      JSON.stringify({
        runId: RUN_ID,
        acquiredAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 3_600_000).toISOString(),
        hostname: 'bench',
        pid: 1,
      }),
    );
    const { stdout } = await execa(
      nodePath,
      [
        '--input-type=module',
        '-e',
        sampleProgram,
        join(bundlesDir, service, 'index.mjs'),
        storage,
        jobDir,
        RUN_ID,
      ],
      {
        env: {
          MEDIA_STORAGE_PATH: storage,
          REEL_ENV: 'dev',
          AWS_LAMBDA_FUNCTION_NAME: `reel-${service}`,
          POWERTOOLS_SERVICE_NAME: service,
        },
      },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Sample;
  } finally {
    await rm(storage, { recursive: true, force: true });
  }
}

const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-first-task-base-'));
try {
  const input = join(workDir, 'input.mp4');
  // prettier-ignore
  await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=5', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=5', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-movflags', '+faststart', input]);
  const baseStorage = join(workDir, 'storage');
  // prettier-ignore
  await execa(nodePath, [reelBin, 'run', '--no-build', '--input', input, '--tenant', 'bench', '--job', 'job'], { env: { MEDIA_STORAGE_PATH: baseStorage, REEL_ENV: 'dev' } });
  await readFile(join(baseStorage, 'dev/bench/job/manifest.json'), 'utf8');
  const samples = new Map<string, Sample[]>();
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? [dirA, dirB] : [dirB, dirA];
    for (const dir of order) {
      for (const service of services) {
        const key = `${service} ${dir === dirA ? 'A' : 'B'}`;
        samples.set(key, [...(samples.get(key) ?? []), await sample(dir, service, baseStorage)]);
      }
    }
  }
  console.log(`first Task of a fresh host, medians of ${rounds}: A = ${dirA}, B = ${dirB}`);
  console.table(
    Object.fromEntries(
      [...samples].map(([key, values]) => [
        key,
        {
          'process CPU ms': median(values.map((value) => value.cpuMs)).toFixed(0),
          'wall − ffmpeg ms': median(values.map((value) => value.wallMs - value.ffmpegMs)).toFixed(
            0,
          ),
          'each CPU ms': values.map((value) => value.cpuMs.toFixed(0)).join(' '),
        },
      ]),
    ),
  );
  console.log(`load average (1 min) at the end: ${loadavg()[0]?.toFixed(1)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
