// What the app build config (tools/scripts/esbuild-app.config.mjs) leaves out of a bundle for size
// must be what no app calls: entries built with it, as `nx build` builds an app, and run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLikeAnApp } from './build-like-an-app';

const credentialsEntry = `
import { defaultProvider } from '@aws-sdk/credential-provider-node';
try {
  const { accessKeyId } = await defaultProvider()();
  console.log(JSON.stringify({ accessKeyId }));
} catch (error) {
  console.log(JSON.stringify({ error: error.message }));
}
`;

const zodEntry = `
import * as z from 'zod';
import pkg from '@aws-sdk/client-s3/package.json';
const schema = z.object({ name: z.string().min(1), sizeBytes: z.number().int() });
let jsonSchema;
try { z.toJSONSchema(schema); jsonSchema = 'made'; } catch (error) { jsonSchema = error.message; }
console.log(JSON.stringify({
  parsed: schema.parse({ name: 'talk.mp4', sizeBytes: 3 }),
  refused: schema.safeParse({ name: '', sizeBytes: 1.5 }).error.issues.length,
  jsonSchema,
  packageKeys: Object.keys(pkg),
}));
`;

describe('App build config: what a bundle leaves out', () => {
  let dir: string;
  const run = async (entry: string, env: Record<string, string> = {}) => {
    const { outfile } = await buildLikeAnApp(
      dir,
      { 'entry.ts': entry },
      { outfileName: `index-${Math.random().toString(36).slice(2)}.mjs` },
    );
    const { stdout } = await execa(process.execPath, [outfile], {
      extendEnv: false,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: dir,
        AWS_CONFIG_FILE: join(dir, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        ...env,
      },
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-app-build-size-'));
    await writeFile(
      join(dir, 'config'),
      [
        '[profile keys]',
        'region = us-east-1',
        '[profile sso]',
        'sso_start_url = https://example.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = Dev',
        '',
      ].join('\n'),
    );
    await writeFile(
      join(dir, 'credentials'),
      '[keys]\naws_access_key_id = AKIAPROFILEKEYS\naws_secret_access_key = secret\n',
    );
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('keeps the credentials a Lambda or a machine has: environment, then profile keys', async () => {
    expect(
      await run(credentialsEntry, { AWS_ACCESS_KEY_ID: 'AKIAENV', AWS_SECRET_ACCESS_KEY: 's' }),
    ).toEqual({ accessKeyId: 'AKIAENV' });
    expect(await run(credentialsEntry, { AWS_PROFILE: 'keys' })).toEqual({
      accessKeyId: 'AKIAPROFILEKEYS',
    });
  });

  it('says so when a profile needs an SSO session, a link the bundles leave out', async () => {
    const { error } = await run(credentialsEntry, { AWS_PROFILE: 'sso' });
    expect(error).toContain('credential-provider-sso is not in reel');
  });

  it('validates with zod as before; only z.toJSONSchema is left out, and package.json keeps name and version', async () => {
    expect(await run(zodEntry)).toEqual({
      parsed: { name: 'talk.mp4', sizeBytes: 3 },
      refused: 2,
      jsonSchema: 'JSON Schema generation (z.toJSONSchema) is not in app bundles',
      packageKeys: ['name', 'version'],
    });
  });
});
