// `nx run <service>:deploy` → `cdk deploy Reel-Shared Reel-<service>`, after the service is built;
// an HTTP service (video-api, audio-clips-api) also deploys Reel-Api, the HTTP API that routes to it
// (cdk deploys the stacks it depends on with it), or its function would answer nobody.
// `-- --dry-run` prints the cdk command and stops (no credentials needed).
// Without AWS credentials it stops at once, says why, and points to the offline synth.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const [service, ...flags] = process.argv.slice(2);
if (!service) {
  console.error(
    'usage: node tools/scripts/deploy.mjs <service>   (e.g. via `npx nx run audio-extraction:deploy`)',
  );
  process.exit(2);
}
// Node 24 strips the types of this import-free module: the presets stay the one list of services.
const { servicePresets } = await import('../../libs/service-presets/src/service-presets.ts');
const preset = servicePresets[service];
if (preset === undefined) {
  console.error(`Unknown service ${service}: one of ${Object.keys(servicePresets).join(', ')}.`);
  process.exit(2);
}
const stacks = [
  'Reel-Shared',
  `Reel-${service}`,
  ...(preset.trigger === 'http' ? ['Reel-Api'] : []),
];
const cdkArgs = [
  '--no-install',
  'cdk',
  'deploy',
  '--app',
  'tsx src/main.ts',
  '--output',
  '../dist/cdk.out',
  ...stacks,
  '--require-approval',
  'broadening',
];
if (flags.includes('--dry-run')) {
  console.log(`(in infra/) npx ${cdkArgs.join(' ')}`);
  process.exit(0);
}

const env = process.env;
const hasCredentials =
  Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) ||
  Boolean(env.AWS_PROFILE) ||
  Boolean(env.AWS_WEB_IDENTITY_TOKEN_FILE) ||
  Boolean(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) ||
  existsSync(join(homedir(), '.aws', 'credentials')) ||
  existsSync(join(homedir(), '.aws', 'config'));

if (!hasCredentials) {
  console.error(
    [
      `Cannot deploy ${service}: no AWS credentials found.`,
      'Set AWS_PROFILE (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) and AWS_REGION, then run this again.',
      'To see what would be deployed without an AWS account, run: npx nx run infra:synth',
      '(templates land in dist/cdk.out; Docker images are staged there, not built).',
    ].join('\n'),
  );
  process.exit(1);
}

// The CDK app synthesizes every service's stack, so every bundle must exist, not only this one's.
const build = spawnSync(
  'npx',
  ['--no-install', 'nx', 'run-many', '-t', 'build', '-p', 'tag:type:app', '--outputStyle=static'],
  {
    cwd: join(import.meta.dirname, '../..'),
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);

const result = spawnSync('npx', cdkArgs, {
  cwd: join(import.meta.dirname, '../../infra'),
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
