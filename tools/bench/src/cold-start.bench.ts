// `npx nx run bench:cold-start [-- RUNS]`: what a cold start costs before a handler's first line.
//
// Side by side in one run, interleaved, the median of RUNS fresh processes each:
//   bundles   each app's dist/apps/<app>/index.mjs: its bytes, and the time `import()` of it takes
//             in a fresh Node process, with REEL_BACKEND=local and with REEL_BACKEND=aws (fake
//             endpoints; an import contacts nothing), and the packages evaluated at import
//             (from the esbuild metafile: reached through static imports, not `import()`).
//   CLI       `reel --help` and `reel status` (a missing job: config, store, one manifest read)
//             through the workspace bin (tools/reel-cli/bin/reel.mjs, what `npx reel` runs).
//   baseline  `node -e ''`: a bare Node start in the same run, to read the CLI numbers against.
// Targets: bundle ≤ 1 MB, import ≤ 150 ms, CLI start-up ≤ 300 ms (wall, from spawn to exit).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import {
  type AppBundle,
  formatBytes,
  largestContributors,
  listApps,
  packagesEvaluatedAtImport,
  readAppBundles,
} from './app-bundles';

const runs = Number(process.argv[2] ?? 7);
const workspaceRoot = join(import.meta.dirname, '../../..');
// What `npx reel` runs (the workspace package's bin), on this Node.
const reelBin = join(workspaceRoot, 'tools/reel-cli/bin/reel.mjs');
const targets = { bundleBytes: 1_000_000, importMs: 150, cliMs: 300 };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const ratio = (value: number, target: number) =>
  `${(value / target).toFixed(2)}× ${value <= target ? 'ok' : 'OVER'}`;

/** Spawn to exit; throws unless the command printed what it should (a failed start is not fast). */
async function wallMs(
  { file, args, expectOutput }: CliCommand,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const startedMs = performance.now();
  const { all } = await execa(file, args, { env, extendEnv: false, reject: false, all: true });
  const elapsedMs = performance.now() - startedMs;
  if (!expectOutput.test(all)) {
    throw new Error(`${file} ${args.join(' ')} did not print ${expectOutput}:\n${all}`);
  }
  return elapsedMs;
}

/**
 * `import()` of the bundle in a fresh process, timed inside it (Node's own start-up excluded):
 * wall time, and the CPU time the process spent meanwhile (steadier on a busy machine).
 */
async function importTime(
  bundle: AppBundle,
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; cpuMs: number }> {
  const script = `const startedMs = performance.now();
const startedCpu = process.cpuUsage();
await import(${JSON.stringify(pathToFileURL(bundle.path).href)});
const { user, system } = process.cpuUsage(startedCpu);
process.stdout.write(JSON.stringify({ ms: performance.now() - startedMs, cpuMs: (user + system) / 1000 }));`;
  const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', script], {
    env,
    extendEnv: false,
  });
  return JSON.parse(stdout) as { ms: number; cpuMs: number };
}

interface CliCommand {
  label: string;
  file: string;
  args: string[];
  expectOutput: RegExp;
}

/** `@aws-sdk ×22, @smithy ×6, aws-xray-sdk-core`: the AWS code a bundle evaluates at import. */
function summarizeAwsPackages(packages: Iterable<string>): string {
  const counts = new Map<string, number>();
  for (const name of packages) {
    const family = /^(@aws-sdk|@smithy)\/|^aws-xray-sdk-core$/.exec(name)?.[1] ?? name;
    if (family !== name || name === 'aws-xray-sdk-core') {
      counts.set(family, (counts.get(family) ?? 0) + 1);
    }
  }
  return (
    [...counts].map(([family, count]) => (count > 1 ? `${family} ×${count}` : family)).join(', ') ||
    'none'
  );
}

const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-cold-start-'));
try {
  const baseEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const localEnv = { ...baseEnv, REEL_BACKEND: 'local', MEDIA_STORAGE_PATH: workDir };
  const awsEnv = {
    ...baseEnv,
    REEL_BACKEND: 'aws',
    AWS_REGION: 'us-east-1',
    REEL_BUCKET: 'reel-bench',
    REEL_JOBS_TABLE: 'reel-bench-jobs',
    // Port 9 (discard): nothing is contacted at import, and nothing would answer if it were.
    REEL_S3_ENDPOINT: 'http://127.0.0.1:9',
    REEL_DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  };

  const bundles = await readAppBundles({ workspaceRoot, apps: await listApps(workspaceRoot) });
  const imports = bundles.map((bundle) => ({
    bundle,
    local: [] as number[],
    localCpu: [] as number[],
    aws: [] as number[],
  }));
  const statusArgs = ['status', '--job', 'bench-missing', '--tenant', 'bench'];
  const cliCommands: CliCommand[] = [
    {
      label: "node -e '' (baseline)",
      file: process.execPath,
      args: ['-e', ''],
      expectOutput: /^$/,
    },
    {
      label: 'reel --help',
      file: process.execPath,
      args: [reelBin, '--help'],
      expectOutput: /^Usage: npx reel/m,
    },
    {
      label: 'reel status (missing job)',
      file: process.execPath,
      args: [reelBin, ...statusArgs],
      expectOutput: /No job bench-missing/,
    },
  ];
  const cliSamples = cliCommands.map(() => [] as number[]);

  for (let run = 0; run < runs; run += 1) {
    for (const [index, command] of cliCommands.entries()) {
      cliSamples[index]?.push(await wallMs(command, localEnv));
    }
    for (const { bundle, local, localCpu, aws } of imports) {
      const onLocal = await importTime(bundle, localEnv);
      local.push(onLocal.ms);
      localCpu.push(onLocal.cpuMs);
      aws.push((await importTime(bundle, awsEnv)).ms);
    }
  }

  console.log(
    `cold-start bench: Node ${process.version}, ${runs} fresh processes per figure, medians`,
  );
  const rows: Record<string, Record<string, string>> = {};
  for (const { bundle, local, localCpu, aws } of imports) {
    const evaluated = await packagesEvaluatedAtImport(bundle.metaPath);
    rows[bundle.app] = {
      bytes: String(bundle.bytes),
      'size / 1 MB': ratio(bundle.bytes, targets.bundleBytes),
      'import ms (local)': median(local).toFixed(0),
      'import ms (aws)': median(aws).toFixed(0),
      'import CPU ms (local)': median(localCpu).toFixed(0),
      'import / 150 ms': ratio(Math.max(median(local), median(aws)), targets.importMs),
      'AWS code evaluated at import': summarizeAwsPackages(evaluated),
    };
  }
  console.table(rows);

  console.log('largest parts of each bundle:');
  for (const bundle of bundles) {
    const parts = await largestContributors({ metaPath: bundle.metaPath, count: 6 });
    console.log(
      `  ${bundle.app.padEnd(18)} ${parts.map(({ name, bytes }) => `${name} ${formatBytes(bytes)}`).join(', ')}`,
    );
  }

  console.table(
    Object.fromEntries(
      cliCommands.map(({ label }, index) => {
        const ms = median(cliSamples[index] ?? []);
        return [label, { 'wall ms': ms.toFixed(0), 'vs 300 ms': ratio(ms, targets.cliMs) }];
      }),
    ),
  );
} finally {
  await rm(workDir, { recursive: true, force: true });
}
