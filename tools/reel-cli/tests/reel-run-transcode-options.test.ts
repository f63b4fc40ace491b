import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSpeechClip } from '@reel/sample-media';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReelWorkspace, type ReelWorkspace } from './support/reel-workspace';

// A job's own transcode options from the command line: refused at once when the schema refuses
// them, else carried to the transcode step (`options.transcode`) of reel run and reel render.
const FPS = 25;
// Fast encodes: the test checks the ladder and the segment grid, not picture quality.
const fastRender = JSON.stringify({ video: { preset: 'ultrafast', maxHeight: 240 } });

describe('npx reel run --transcode-options', () => {
  let workspace: ReelWorkspace;
  let clipPath: string;

  beforeAll(async () => {
    workspace = await createReelWorkspace('reel-cli-transcode-options-');
    clipPath = (
      await generateSpeechClip({
        outputPath: join(workspace.workDir, 'tiny.mp4'),
        video: { width: 640, height: 360, fps: FPS },
        minDurationSec: 6,
      })
    ).path;
  });
  afterAll(() => workspace.remove());

  it.each([
    ['a segment duration of 0', '{"segmentDurationSec":0}', /segmentDurationSec: .*>=1/],
    ['a segment duration of 3600', '{"segmentDurationSec":3600}', /segmentDurationSec: .*<=30/],
    ['an unknown key', '{"segments":2}', /Unrecognized key: "segments"/],
  ])('refuses %s at once with exit 2, storing nothing', async (_case, options, message) => {
    // Act
    const startedAtMs = Date.now();
    const run = await workspace.reel([
      ...['run', '--input', clipPath, '--tenant', 'acme', '--job', 'refused'],
      ...['--transcode-options', options],
    ]);
    const render = await workspace.reel([
      ...['render', '--tenant', 'acme', '--job', 'refused'],
      ...['--transcode-options', options],
    ]);

    // Assess: the schema's message, before a job, a lease or a bundle exists
    for (const { exitCode, stderr } of [run, render]) {
      expect(exitCode).toBe(2);
      expect(stderr).toMatch(/--transcode-options: invalid transcode options/);
      expect(stderr).toMatch(message);
    }
    expect(Date.now() - startedAtMs).toBeLessThan(20_000);
    expect(await readdir(workspace.storageDir).catch(() => [])).toEqual([]);
  });

  it('ends with one 240p rendition in 2 s segments, and reel render re-transcodes with 3 s segments', async () => {
    // Act
    const run = await workspace.reel([
      ...['run', '--input', clipPath, '--tenant', 'acme', '--job', 'tiny'],
      ...['--render-options', fastRender],
      ...['--transcode-options', '{"rungs":[240],"segmentDurationSec":2}'],
    ]);

    // Assess
    expect(run.stdout).toMatch(/\(6\/6\) ✔ Transcoded in/);
    expect(run.exitCode).toBe(0);
    const first = (await workspace.readManifest('acme', 'tiny')).results.transcode!;
    expect(first).toMatchObject({
      version: 'v1',
      segmentDurationSec: 2,
      options: { rungs: [240], segmentDurationSec: 2 },
    });
    expect(first.video.map(({ name, height }) => [name, height])).toEqual([['240p', 240]]);
    const firstGrid = await segmentGrid(workspace.storageDir, first.hlsMasterKey, '240p');
    expectSegmentsOf(firstGrid, 2, first.durationSec);
    expect(await videoHeights(join(workspace.storageDir, first.hlsMasterKey))).toEqual([240]);
    expect(run.stdout).toMatch(/streams {3}v1: 240p \d+x240 .*; \d+ segments of 2 s/);

    // Act: a re-render with other transcode options
    const render = await workspace.reel([
      ...['render', '--tenant', 'acme', '--job', 'tiny'],
      ...['--options', fastRender, '--transcode-options', '{"rungs":[240],"segmentDurationSec":3}'],
    ]);

    // Assess: a new version with 3 s segments; status lists it
    expect(render.exitCode).toBe(0);
    const second = (await workspace.readManifest('acme', 'tiny')).results.transcode!;
    expect(second).toMatchObject({ version: 'v2', segmentDurationSec: 3 });
    expect(second.video.map(({ height }) => height)).toEqual([240]);
    expectSegmentsOf(
      await segmentGrid(workspace.storageDir, second.hlsMasterKey, '240p'),
      3,
      second.durationSec,
    );
    const status = await workspace.reel(['status', '--tenant', 'acme', '--job', 'tiny']);
    expect(status.stdout).toMatch(/streams {3}v2: 240p \d+x240 .*; \d+ segments of 3 s/);
    expect(status.stdout).toContain(
      `  play      ffplay ${join(workspace.storageDir, second.hlsMasterKey)}`,
    );
    expect(status.stdout).toMatch(
      /\n {2}earlier {3}v1 \(removable from [\d-]+ [\d:]+ UTC\): removed by a later transcode of the job after retentionHours 168 \(no background sweep\)/,
    );
    // The DASH play line as printed (captions allowed) opens with ffprobe, which takes its options
    expect(second.subtitles?.language).toBeDefined();
    const dashArgs = /^ {12}ffplay (.*manifest\.mpd)$/m
      .exec(String(status.stdout))?.[1]
      ?.split(' ');
    expect(dashArgs).toEqual([
      '-allowed_extensions',
      'ALL',
      join(workspace.storageDir, second.dashManifestKey),
    ]);
    const dash = await execa('ffprobe', [
      ...['-v', 'error', '-show_entries', 'stream=codec_type', '-of', 'json'],
      ...dashArgs!,
    ]);
    const dashTypes = (
      JSON.parse(dash.stdout) as { streams: Array<{ codec_type: string }> }
    ).streams.map(({ codec_type }) => codec_type);
    expect(dashTypes.sort()).toEqual(['audio', 'subtitle', 'video']);
  });
});

/** The EXTINF durations of one rung's media playlist beside the master. */
async function segmentGrid(storageDir: string, masterKey: string, rung: string) {
  const playlist = await readFile(
    join(storageDir, masterKey.replace(/master\.m3u8$/, `${rung}/index.m3u8`)),
    'utf8',
  );
  return [...playlist.matchAll(/^#EXTINF:([\d.]+),/gm)].map((match) => Number(match[1]));
}

/** Every segment but the last within one frame of the target; together as long as the stream. */
function expectSegmentsOf(durations: number[], targetSec: number, streamSec: number) {
  expect(durations.length).toBe(Math.ceil(streamSec / targetSec - 0.5 / FPS));
  for (const durationSec of durations.slice(0, -1)) {
    expect(Math.abs(durationSec - targetSec)).toBeLessThanOrEqual(1 / FPS);
  }
  const totalSec = durations.reduce((sum, durationSec) => sum + durationSec, 0);
  expect(Math.abs(totalSec - streamSec)).toBeLessThanOrEqual(1 / FPS);
}

/** The heights of the video streams ffprobe opens from an HLS master (each stream once). */
async function videoHeights(masterPath: string): Promise<number[]> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v', '-show_entries', 'stream=height'],
    ...['-of', 'json', masterPath],
  ]);
  return (JSON.parse(stdout) as { streams: Array<{ height: number }> }).streams.map(
    ({ height }) => height,
  );
}
