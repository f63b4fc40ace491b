import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildChildEnv, DEFAULT_SEARCH_PATH } from './child-env';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { runProcess } from './run-process';

const CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEXAMPLETOKEN',
};

describe('Function: buildChildEnv', () => {
  it('holds only PATH, a UTF-8 C locale, TMPDIR and HOME, plus what the call adds', () => {
    // Act
    const env = buildChildEnv({ extra: { POCKETSPHINX_LOG: 'off' } });

    // Assess
    expect(Object.keys(env).sort()).toEqual([
      'HOME',
      'LANG',
      'LC_ALL',
      'PATH',
      'POCKETSPHINX_LOG',
      'TMPDIR',
    ]);
    expect(env).toMatchObject({ PATH: DEFAULT_SEARCH_PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
  });

  it('refuses a variable name a shell or the loader could misread', () => {
    expect(() => buildChildEnv({ extra: { 'LD_PRELOAD=/x.so;A': '1' } })).toThrow(TypeError);
  });
});

describe('Child processes: environment', () => {
  let workDir: string;
  let standIn: string;
  let recordFile: string;
  const savedEnv = { ...process.env };

  beforeEach(async () => {
    // Prepare: a stand-in tool that records the environment it was started with.
    workDir = await mkdtemp(join(tmpdir(), 'reel-child-env-'));
    recordFile = join(workDir, 'env.json');
    standIn = join(workDir, 'record-env');
    await writeFile(
      standIn,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(process.argv[2], JSON.stringify(process.env));\n`,
    );
    await chmod(standIn, 0o755);
    Object.assign(process.env, CREDENTIALS);
  });
  afterEach(async () => {
    for (const name of Object.keys(process.env)) {
      if (!(name in savedEnv)) delete process.env[name];
    }
    Object.assign(process.env, savedEnv);
    await rm(workDir, { recursive: true, force: true });
  });

  const recordedEnv = async () =>
    JSON.parse(await readFile(recordFile, 'utf8')) as Record<string, string>;

  it('gives runProcess children none of the AWS credentials in process.env', async () => {
    // Act
    await runProcess({
      tool: 'record-env',
      binaryPath: standIn,
      args: [recordFile],
      operation: 'test',
    });

    // Assess
    const env = await recordedEnv();
    expect(Object.keys(env).filter((name) => name.startsWith('AWS_'))).toEqual([]);
    expect(JSON.stringify(env)).not.toContain(CREDENTIALS.AWS_SECRET_ACCESS_KEY);
    expect(env['PATH']).toBe(DEFAULT_SEARCH_PATH);
  });

  it("gives a tool run through the runtime only the runtime's environment and the call's additions", async () => {
    // Prepare
    const runtime = createFfmpegRuntime({ searchPath: '/usr/bin:/bin' });

    // Act
    await runtime.runTool({
      tool: 'record-env',
      binaryPath: standIn,
      args: [recordFile],
      operation: 'test',
      env: { MODEL_DIR: '/usr/share/pocketsphinx' },
    });

    // Assess
    const env = await recordedEnv();
    expect(Object.keys(env).filter((name) => name.startsWith('AWS_'))).toEqual([]);
    expect(env).toMatchObject({ PATH: '/usr/bin:/bin', MODEL_DIR: '/usr/share/pocketsphinx' });
  });
});
