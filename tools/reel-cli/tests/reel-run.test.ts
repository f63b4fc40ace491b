import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStoredManifest, type JobManifest } from '@reel/manifest';
import { generateSpeechClip, writeHostileInputs, type HostileInputs } from '@reel/sample-media';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI as a user runs it: a child process, real files, real ffmpeg, the built service bundles.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');

describe('npx reel run', () => {
  let workDir: string;
  let storageDir: string;
  let scratchParent: string;
  let clip: Awaited<ReturnType<typeof generateSpeechClip>>;
  let hostile: HostileInputs;

  const reel = (args: string[]) =>
    execa(reelBin, [...args, ...(args[0] === 'run' ? ['--no-build'] : [])], {
      cwd: workDir,
      reject: false,
      env: { MEDIA_STORAGE_PATH: storageDir, TMPDIR: scratchParent, REEL_ENV: 'dev' },
    });
  const probe = async (path: string) =>
    JSON.parse(
      (
        await execa('ffprobe', [
          '-v',
          'error',
          '-show_streams',
          '-show_format',
          '-of',
          'json',
          path,
        ])
      ).stdout,
    ) as {
      format: { duration: string; format_name: string };
      streams: Array<{ codec_name: string; sample_rate?: string; channels?: number }>;
    };
  // Every scratch dir reel makes starts with `reel-` (tsx keeps its own cache beside them).
  const reelScratchDirs = async () =>
    (await readdir(scratchParent)).filter((name) => name.startsWith('reel-'));
  const manifestPath = (tenant: string, job: string) =>
    join(storageDir, 'dev', tenant, job, 'manifest.json');
  const readManifest = async (tenant: string, job: string): Promise<JobManifest> =>
    parseStoredManifest(await readFile(manifestPath(tenant, job), 'utf8'), {
      source: manifestPath(tenant, job),
    });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-'));
    storageDir = join(workDir, 'storage');
    scratchParent = join(workDir, 'tmp');
    await execa('mkdir', ['-p', scratchParent, join(workDir, 'hostile')]);
    clip = await generateSpeechClip({
      outputPath: join(workDir, 'talk.mp4'),
      video: { width: 1280, height: 720 },
      minDurationSec: 20,
    });
    hostile = await writeHostileInputs(join(workDir, 'hostile'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
    const giveUpAtMs = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > giveUpAtMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('completes a 20 s 720p clip with speech: MP3 and 16 kHz mono WAV as long as the input', async () => {
    // Act
    const { exitCode, stdout } = await reel([
      'run',
      '--input',
      clip.path,
      '--tenant',
      'acme',
      '--job',
      'talk-1',
    ]);

    // Assess
    expect(stdout).toMatch(/\(1\/5\) ✔ Validated input in/);
    expect(stdout).toMatch(/\(2\/5\) ✔ Extracted audio in/);
    expect(stdout).toMatch(/\(3\/5\) ✔ Transcribed in/);
    expect(stdout).toMatch(/\(4\/5\) ✔ Planned cuts in/);
    expect(stdout).toMatch(/\(5\/5\) ✔ Rendered in/);
    expect(stdout).toContain('✔ Job talk-1 completed');
    expect(exitCode).toBe(0);
    const audioDir = join(storageDir, 'dev/acme/talk-1/audio');
    const input = await probe(clip.path);
    const mp3 = await probe(join(audioDir, 'audio.mp3'));
    const wav = await probe(join(audioDir, 'audio-16k.wav'));
    expect(
      Math.abs(Number(mp3.format.duration) - Number(input.format.duration)),
    ).toBeLessThanOrEqual(0.1);
    expect(
      Math.abs(Number(wav.format.duration) - Number(input.format.duration)),
    ).toBeLessThanOrEqual(0.1);
    expect(mp3.streams.map((s) => s.codec_name)).toEqual(['mp3']);
    expect(wav.streams[0]).toMatchObject({
      codec_name: 'pcm_s16le',
      sample_rate: '16000',
      channels: 1,
    });
    const manifest = await readManifest('acme', 'talk-1');
    expect(manifest.status).toBe('completed');
    expect(Object.keys(manifest.steps)).toEqual([
      'validate',
      'audio-extraction',
      'transcription',
      'smart-cut-planner',
      'video-render-engine',
    ]);
    for (const record of Object.values(manifest.steps))
      expect(record).toMatchObject({
        status: 'succeeded',
        attempts: [{ attempt: 1, status: 'succeeded' }],
      });
    expect(manifest.results.audio?.mp3Key).toBe('dev/acme/talk-1/audio/audio.mp3');
    expect(manifest.results.transcript?.wordCount).toBeGreaterThan(10);
    expect(manifest.results.plan?.removedByReasonMs.silence).toBeGreaterThan(0);
    expect(manifest.input.fileName).toBe('talk.mp4');
    expect(manifest.run?.runId).toMatch(/^run-\d{14}-[0-9a-f]{6}$/);
    expect(await readdir(join(storageDir, 'dev/acme/talk-1'))).not.toContain('run-lease.json');
    expect(await reelScratchDirs()).toEqual([]);
  });

  it('shows the cut plan as a table and exports it as EDL and FCPXML', async () => {
    // Act
    const table = await reel(['plan', '--tenant', 'acme', '--job', 'talk-1']);
    const edl = await reel([
      'plan',
      '--tenant',
      'acme',
      '--job',
      'talk-1',
      '--export',
      'edl',
      '--out',
      join(workDir, 'talk-1.edl'),
    ]);
    const fcpxml = await reel([
      'plan',
      '--tenant',
      'acme',
      '--job',
      'talk-1',
      '--export',
      'fcpxml',
      '--out',
      join(workDir, 'talk-1.fcpxml'),
    ]);

    // Assess
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/ACTION\s+START\s+END/);
    expect(table.stdout).toMatch(/cut\s+\S+\s+\S+\s+\S+ s\s+silence/);
    expect(table.stdout).toMatch(
      /mode cut: kept [\d.]+ s in \d+ segments, removed [\d.]+ s \(silence/,
    );
    expect(edl.exitCode).toBe(0);
    const edlText = await readFile(join(workDir, 'talk-1.edl'), 'utf8');
    expect(edlText).toMatch(/^TITLE: talk-1/);
    expect(edlText).toMatch(/^001 {2}\S+\s+AA?\/?V?\s+C\s+/m);
    expect(fcpxml.exitCode).toBe(0);
    expect(await readFile(join(workDir, 'talk-1.fcpxml'), 'utf8')).toContain('<fcpxml');
  });

  it('says how to get a plan for a job that has none', async () => {
    const { exitCode, stderr } = await reel(['plan', '--tenant', 'acme', '--job', 'nope']);
    expect(exitCode).toBe(1);
    expect(stderr).toContain('INPUT_MISSING');
  });

  it('leaves a completed job alone unless forced', async () => {
    const { exitCode, stdout } = await reel(['run', '--tenant', 'acme', '--job', 'talk-1']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('already completed');
    expect((await readManifest('acme', 'talk-1')).steps['validate']?.attempts).toHaveLength(1);
  });

  it('removes the temp files a killed intake left in the job folder once they are minutes old', async () => {
    // Prepare: what kill -9 during an upload leaves (writeFileAtomically's temp names).
    const inputDir = join(storageDir, 'dev/acme/talk-1/input');
    const stale = `.source-0123456789abcdef.mp4.${randomUUID()}.tmp`;
    const fresh = `.source-fedcba9876543210.mp4.${randomUUID()}.tmp`;
    await writeFile(join(inputDir, stale), 'partial upload');
    await writeFile(join(inputDir, fresh), 'upload in progress');
    const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(join(inputDir, stale), tenMinutesAgo, tenMinutesAgo);

    // Act
    const { exitCode } = await reel(['run', '--tenant', 'acme', '--job', 'talk-1']);

    // Assess
    expect(exitCode).toBe(0);
    const left = await readdir(inputDir);
    expect(left).not.toContain(stale);
    expect(left).toContain(fresh);
    await rm(join(inputDir, fresh));
  });

  it.each([
    ['zeroByte', 'CORRUPT_INPUT'],
    ['truncatedMp4', 'CORRUPT_INPUT'],
    ['textAsMp4', 'CORRUPT_INPUT'],
    ['hlsPlaylist', 'UNSUPPORTED_MEDIA'],
    ['ffconcatList', 'UNSUPPORTED_MEDIA'],
    ['hugeDimensions', 'GUARDRAIL_EXCEEDED'],
  ] as const)('fails %s with %s, no outputs and no scratch left', async (name, code) => {
    // Act
    const job = `hostile-${name.toLowerCase()}`;
    const { exitCode, stdout } = await reel([
      'run',
      '--input',
      hostile[name],
      '--tenant',
      'acme',
      '--job',
      job,
    ]);

    // Assess
    expect(exitCode).toBe(1);
    expect(stdout).toContain(`error     ${code}`);
    expect(stdout).toContain('advice');
    const manifest = await readManifest('acme', job);
    expect(manifest.status).toBe('failed');
    expect(manifest.error?.code).toBe(code);
    expect(manifest.steps['validate']).toMatchObject({ status: 'failed', error: { code } });
    expect(manifest.steps['audio-extraction']).toBeUndefined();
    expect(await readdir(join(storageDir, 'dev/acme', job))).not.toContain('audio');
    expect(await reelScratchDirs()).toEqual([]);
  });

  it('shows the error of this run, not the last one, when a resumed run fails differently', async () => {
    // Prepare: the first run fails validation on the tenant's 5 s limit.
    const tenant = 'resume-co';
    const job = 'resume-1';
    const args = ['run', '--input', clip.path, '--tenant', tenant, '--job', job];
    await reel(['tenant', 'set', '--tenant', tenant, '--max-duration-sec', '5']);
    const first = await reel(args);
    // The limit is lifted; a file where the audio folder goes makes audio extraction fail instead.
    await reel(['tenant', 'set', '--tenant', tenant, '--unset', 'guardrails.maxDurationSec']);
    await writeFile(join(storageDir, 'dev', tenant, job, 'audio'), 'in the way');

    // Act
    const resumed = await reel(['run', '--tenant', tenant, '--job', job]);

    // Assess
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toContain('error     GUARDRAIL_EXCEEDED');
    expect(resumed.exitCode).toBe(1);
    const manifest = await readManifest(tenant, job);
    expect(manifest.steps['validate']?.status).toBe('succeeded');
    expect(manifest.steps['audio-extraction']?.status).toBe('failed');
    const code = manifest.error?.code;
    expect(code).toBeDefined();
    expect(code).not.toBe('GUARDRAIL_EXCEEDED');
    expect(resumed.stdout).toContain(`error     ${code}`);
    expect(resumed.stdout).not.toContain('GUARDRAIL_EXCEEDED');
    expect(await reelScratchDirs()).toEqual([]);
  });

  it('prints the manifest readably and lists jobs by status', async () => {
    const status = await reel(['status', '--tenant', 'acme', '--job', 'talk-1']);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/Job talk-1 \(tenant acme, env dev\): completed/);
    expect(status.stdout).toMatch(/audio-extraction\s+succeeded\s+1 attempt/);

    const failedJobs = await reel(['jobs', '--tenant', 'acme', '--status', 'failed']);
    expect(failedJobs.stdout).toContain('hostile-zerobyte');
    expect(failedJobs.stdout).not.toContain('talk-1');
  });

  it('explains usage errors with exit code 2', async () => {
    const { exitCode, stderr } = await reel(['run', '--tenant', 'acme']);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--input FILE is required for a new job.');
  });

  it.each([
    [
      'an invalid job id',
      ['run', '--input', 'x.mp4', '--job', 'Bad/ID'],
      /--job "Bad\/ID" is not a valid id/,
    ],
    [
      'an invalid tenant id',
      ['status', '--tenant', '../etc', '--job', 'talk-1'],
      /--tenant "..\/etc" is not a valid id/,
    ],
  ])('exits 2 for %s, with the id rules', async (_case, args, message) => {
    const { exitCode, stderr } = await reel(args);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain('lower-case letters, digits');
  });

  it('exits 2 for an empty --env', async () => {
    const { exitCode, stderr } = await reel([
      'status',
      '--tenant',
      'acme',
      '--job',
      'talk-1',
      '--env=',
    ]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('--env "" is not an environment name');
  });

  it('gives no id advice for a refusal that is not about ids', async () => {
    // Act: the job exists with other bytes.
    const { exitCode, stderr } = await reel([
      'run',
      '--input',
      hostile.zeroByte,
      '--tenant',
      'acme',
      '--job',
      'talk-1',
    ]);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr).toContain('INVALID_REQUEST: Job talk-1 already exists with a different input');
    expect(stderr).toContain('Use a new job id');
    expect(stderr).not.toContain('^[a-z0-9]');
  });

  it('has no --docker option', async () => {
    const help = await reel(['run', '--help']);
    const docker = await reel(['run', '--docker', '--input', clip.path]);
    expect(help.stdout).toContain('--input FILE');
    expect(help.stdout).not.toContain('docker');
    expect(docker.exitCode).toBe(2);
    expect(docker.stderr).toContain("Unknown option '--docker'");
  });

  it('refuses a FIFO as input at once, leaving no job behind', async () => {
    // Prepare
    const fifo = join(workDir, 'pipe.mp4');
    await execa('mkfifo', [fifo]);

    // Act
    const { exitCode, stderr } = await reel([
      'run',
      '--input',
      fifo,
      '--tenant',
      'acme',
      '--job',
      'fifo-1',
    ]);

    // Assess
    expect(exitCode).toBe(1);
    expect(stderr).toContain(`INVALID_REQUEST: ${fifo} is a FIFO (named pipe), not a regular file`);
    expect(await readdir(join(storageDir, 'dev/acme'))).not.toContain('fifo-1');
  });

  describe('one run per job', () => {
    it('lets the next run take over at once from a run killed with kill -9, sweeping its scratch', async () => {
      // Prepare: a run killed while audio extraction works.
      const job = 'killed-1';
      const args = ['run', '--input', clip.path, '--tenant', 'acme', '--job', job];
      const killed = reel(args);
      await waitUntil(async () => {
        const manifest = await readManifest('acme', job).catch(() => undefined);
        return manifest?.steps['audio-extraction']?.status === 'running';
      });
      killed.kill('SIGKILL');
      await killed;

      // Act
      const next = await reel(args);

      // Assess
      expect(next.exitCode).toBe(0);
      const manifest = await readManifest('acme', job);
      expect(manifest.status).toBe('completed');
      expect(manifest.steps['audio-extraction']?.attempts.map((attempt) => attempt.status)).toEqual(
        ['failed', 'succeeded'],
      );
      expect(await readdir(join(storageDir, 'dev/acme', job))).not.toContain('run-lease.json');
      expect(await reelScratchDirs()).toEqual([]);
    });

    it.each([300, 3000])(
      'refuses a second run started %i ms after the first with CONFLICT; the first completes untouched',
      async (delayMs) => {
        // Prepare
        const job = `twice-${delayMs}`;
        const args = ['run', '--input', clip.path, '--tenant', 'acme', '--job', job];

        // Act: each run timed from spawning the process to its exit.
        const timedReel = (runArgs: string[]) => {
          const startedMs = performance.now();
          return reel(runArgs).then((result) => ({
            ...result,
            startedMs,
            endedMs: performance.now(),
          }));
        };
        const first = timedReel(args);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        const second = timedReel(args);
        const runs = await Promise.all([first, second]);

        // Assess
        const winners = runs.filter((run) => run.exitCode === 0);
        const refused = runs.filter((run) => run.exitCode !== 0);
        expect(winners).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect(refused[0]?.exitCode).toBe(1);
        expect(refused[0]?.stderr).toMatch(
          new RegExp(
            `CONFLICT: Job ${job} of tenant acme is running \\(run run-\\d{14}-[0-9a-f]{6}, since \\d{4}-`,
          ),
        );
        // Refused at once, not after waiting for the run it found.
        expect(refused[0]!.endedMs - refused[0]!.startedMs).toBeLessThan(2000);
        expect(refused[0]!.endedMs).toBeLessThan(winners[0]!.endedMs);
        expect(winners[0]?.stdout).toContain(`✔ Job ${job} completed`);
        const manifest = await readManifest('acme', job);
        expect(manifest.status).toBe('completed');
        expect(manifest.error).toBeUndefined();
        for (const record of Object.values(manifest.steps))
          expect(record).toMatchObject({
            status: 'succeeded',
            attempts: [{ status: 'succeeded' }],
          });
        expect(Object.keys(manifest.steps)).toHaveLength(4);
        expect(await readdir(join(storageDir, 'dev/acme', job))).not.toContain('run-lease.json');
      },
    );
  });
});
