import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSpeechClip } from '@reel/sample-media';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReelWorkspace, waitUntil, type ReelWorkspace } from './support/reel-workspace';

// Runs that fail or are refused, and one run per job.
describe('npx reel run: failures, refusals and one run per job', () => {
  let workspace: ReelWorkspace;
  let workDir: string;
  let storageDir: string;
  let clip: Awaited<ReturnType<typeof generateSpeechClip>>;

  const reel = (args: string[]) => workspace.reel(args);
  const readManifest = (tenant: string, job: string) => workspace.readManifest(tenant, job);
  const reelScratchDirs = () => workspace.reelScratchDirs();

  beforeAll(async () => {
    workspace = await createReelWorkspace('reel-cli-failures-');
    ({ workDir, storageDir } = workspace);
    clip = await generateSpeechClip({
      outputPath: join(workDir, 'talk.mp4'),
      video: { width: 1280, height: 720 },
      minDurationSec: 20,
    });
  });
  afterAll(() => workspace.remove());

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
        // Refused at once, not after waiting for the run it found: within half of what the first
        // run still had to do when the second started (a bound that scales with the machine's
        // load, as both runs do; a fixed 2 s failed at load ~5 on CI's 2 cores).
        const refusedMs = refused[0]!.endedMs - refused[0]!.startedMs;
        expect(refusedMs).toBeLessThan((winners[0]!.endedMs - refused[0]!.startedMs) / 2);
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
        expect(Object.keys(manifest.steps)).toHaveLength(6); // every processing step, render and transcode included
        expect(await readdir(join(storageDir, 'dev/acme', job))).not.toContain('run-lease.json');
      },
    );
  });
});
