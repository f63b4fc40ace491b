import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSpeechClip, writeHostileInputs, type HostileInputs } from '@reel/sample-media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { createReelWorkspace, probe, type ReelWorkspace } from './support/reel-workspace';

// A job through the whole workflow, what it leaves, and what reel says of it afterwards.
describe('npx reel run', () => {
  let workspace: ReelWorkspace;
  let workDir: string;
  let storageDir: string;
  let clip: Awaited<ReturnType<typeof generateSpeechClip>>;
  let hostile: HostileInputs;

  const reel = (args: string[]) => workspace.reel(args);
  const readManifest = (tenant: string, job: string) => workspace.readManifest(tenant, job);
  const reelScratchDirs = () => workspace.reelScratchDirs();

  beforeAll(async () => {
    workspace = await createReelWorkspace('reel-cli-');
    ({ workDir, storageDir } = workspace);
    await mkdir(join(workDir, 'hostile'));
    clip = await generateSpeechClip({
      outputPath: join(workDir, 'talk.mp4'),
      video: { width: 1280, height: 720 },
      minDurationSec: 20,
    });
    hostile = await writeHostileInputs(join(workDir, 'hostile'));
  });
  afterAll(() => workspace.remove());

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
    expect(stdout).toMatch(/\(1\/6\) ✔ Validated input in/);
    expect(stdout).toMatch(/\(2\/6\) ✔ Extracted audio in/);
    expect(stdout).toMatch(/\(3\/6\) ✔ Transcribed in/);
    expect(stdout).toMatch(/\(4\/6\) ✔ Planned cuts in/);
    expect(stdout).toMatch(/\(5\/6\) ✔ Rendered in/);
    expect(stdout).toMatch(/\(6\/6\) ✔ Transcoded in/);
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
      'media-transcoder',
    ]);
    for (const record of Object.values(manifest.steps))
      expect(record).toMatchObject({
        status: 'succeeded',
        attempts: [{ attempt: 1, status: 'succeeded' }],
      });
    expect(manifest.results.audio?.mp3Key).toBe('dev/acme/talk-1/audio/audio.mp3');
    expect(manifest.results.transcript?.wordCount).toBeGreaterThan(10);
    expect(manifest.results.plan?.removedByReasonMs.silence).toBeGreaterThan(0);
    // The transcode of the render: HLS and DASH over one set of segments, the play line printed
    const transcode = manifest.results.transcode!;
    expect(transcode).toMatchObject({
      version: 'v1',
      sourceKey: manifest.results.render?.videoKey,
      hlsMasterKey: 'dev/acme/talk-1/renditions/cmaf/v1/master.m3u8',
      dashManifestKey: 'dev/acme/talk-1/renditions/cmaf/v1/manifest.mpd',
    });
    expect(transcode.video.map(({ height }) => height)).toEqual([720, 480]);
    const masterPath = join(storageDir, transcode.hlsMasterKey);
    const [hls, dash] = await Promise.all([
      probeStreams(masterPath),
      probeStreams(join(storageDir, transcode.dashManifestKey)),
    ]);
    for (const { streams } of [hls, dash]) {
      const video = streams.filter(({ codec_type }) => codec_type === 'video');
      expect(video.map(({ height }) => height).sort()).toEqual([480, 720]);
      expect(video.map(({ codec_name }) => codec_name)).toEqual(['h264', 'h264']);
      expect(streams.filter(({ codec_type }) => codec_type === 'audio')).toHaveLength(1);
    }
    // ffprobe rounds a DASH presentation's duration to whole seconds: the MPD's own is checked
    const mpd = await readFile(join(storageDir, transcode.dashManifestKey), 'utf8');
    const mpdSec = Number(/mediaPresentationDuration="PT([\d.]+)S"/.exec(mpd)?.[1]);
    for (const durationSec of [Number(hls.format.duration), mpdSec]) {
      expect(Math.abs(durationSec - manifest.results.render!.durationSec)).toBeLessThanOrEqual(0.1);
    }
    expect(stdout).toContain(`  play      ffplay ${masterPath}`);
    expect(manifest.input?.fileName).toBe('talk.mp4');
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

  it('prints the manifest readably and lists jobs by status', async () => {
    const status = await reel(['status', '--tenant', 'acme', '--job', 'talk-1']);
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/Job talk-1 \(tenant acme, env dev\): completed/);
    expect(status.stdout).toMatch(/audio-extraction\s+succeeded\s+1 attempt/);
    expect(status.stdout).toMatch(/media-transcoder\s+succeeded\s+1 attempt/);
    expect(status.stdout).toMatch(/ {2}streams {3}v1: 720p 1280x720 [\d.]+ Mb\/s \(avc1\./);
    expect(status.stdout).toContain(
      `  play      ffplay ${join(storageDir, 'dev/acme/talk-1/renditions/cmaf/v1/master.m3u8')}`,
    );

    const failedJobs = await reel(['jobs', '--tenant', 'acme', '--status', 'failed']);
    expect(failedJobs.stdout).toContain('hostile-zerobyte');
    expect(failedJobs.stdout).not.toContain('talk-1');
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
});

/**
 * The streams an HLS master or a DASH MPD offers, as ffprobe opens them: every extension allowed,
 * as the streams' captions (`subtitles/en.vtt`) are not a media extension ffmpeg opens by default.
 */
async function probeStreams(path: string) {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-allowed_extensions', 'ALL'],
    ...['-show_entries', 'stream=codec_type,codec_name,height:format=duration', '-of', 'json'],
    path,
  ]);
  return JSON.parse(stdout) as {
    format: { duration: string };
    streams: Array<{ codec_type: string; codec_name: string; height?: number }>;
  };
}
