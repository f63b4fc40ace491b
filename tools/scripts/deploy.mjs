// `nx run <service>:deploy` → `cdk deploy Reel-Shared Reel-<service>`, after the service is built.
// Without AWS credentials it stops at once, says why, and points to the offline synth.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const service = process.argv[2];
if (!service) {
  console.error(
    'usage: node tools/scripts/deploy.mjs <service>   (e.g. via `npx nx run audio-extraction:deploy`)',
  );
  process.exit(2);
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
const build = spawnSync('npx', ['--no-install', 'nx', 'run-many', '-t', 'build', '-p', 'tag:type:app', '--outputStyle=static'], {
  cwd: join(import.meta.dirname, '../..'),
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const result = spawnSync(
  'npx',
  [
    '--no-install',
    'cdk',
    'deploy',
    '--app',
    'tsx src/main.ts',
    '--output',
    '../dist/cdk.out',
    'Reel-Shared',
    `Reel-${service}`,
    '--require-approval',
    'broadening',
  ],
  { cwd: join(import.meta.dirname, '../../infra'), stdio: 'inherit' },
);
process.exit(result.status ?? 1);
