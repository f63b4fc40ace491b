import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  cutPlanSha256,
  msToFrames,
  parseCutPlan,
  parseEdl,
  rationalSeconds,
  type CutPlan,
} from '@reel/cut-plan';
import { updateManifest } from '@reel/manifest';
import { defaultPhrases, generateSpeechClip, type SpeechClip } from '@reel/sample-media';
import { buildJobRootKey } from '@reel/storage';
import type { Transcript } from '@reel/transcript';
import {
  captureProgress,
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  testBackends,
  type CapturedProgress,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createPlannableJob } from '../tests/support/seed-job';
import { createSmartCutPlannerHandler } from './handler';

// One repeat ("the the") and one filler ("Um,", in the default phrases) to find.
const phrases = ['Welcome to the the reel podcast.', ...defaultPhrases.slice(1)];

/** A perfect transcript of the clip: each phrase's words spread over its span by length. */
function transcriptOf(clip: SpeechClip): Transcript {
  const words = clip.speech.flatMap(({ text, startSec, endSec }) => {
    const tokens = text.split(' ');
    const msPerChar = ((endSec - startSec) * 1000) / tokens.join('').length;
    let atMs = startSec * 1000;
    return tokens.map((token) => {
      const startMs = Math.round(atMs);
      atMs += token.length * msPerChar;
      return {
        text: token,
        startMs,
        endMs: Math.round(atMs),
        confidence: 0.9,
        filler: /^(um|uh),?$/i.test(token),
      };
    });
  });
  return {
    schemaVersion: 1,
    provider: 'local-pocketsphinx',
    language: 'en-US',
    durationMs: Math.round(clip.durationSec * 1000),
    words,
    segments: [],
  };
}

type Span = { startMs: number; endMs: number };
const cuts = (plan: CutPlan) => plan.segments.filter(({ action }) => action === 'cut');
const overlapsCut = (plan: CutPlan, { startMs, endMs }: Span) =>
  cuts(plan).some((cut) => cut.startMs < endMs && cut.endMs > startMs);
/** True when consecutive cut segments cover [startMs, endMs] without a kept millisecond. */
const cutsCover = (plan: CutPlan, { startMs, endMs }: Span) => {
  let coveredToMs = startMs;
  for (const segment of plan.segments) {
    if (segment.endMs <= coveredToMs || segment.startMs > coveredToMs) continue;
    if (segment.action !== 'cut') return false;
    coveredToMs = segment.endMs;
    if (coveredToMs >= endMs) return true;
  }
  return false;
};

/** The loudest sample of a stretch of a file, in dBFS, by ffmpeg's volumedetect. */
async function maxVolumeDb(path: string, { startMs, endMs }: Span): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    '-nostdin',
    '-hide_banner',
    '-ss',
    String(startMs / 1000),
    '-t',
    String((endMs - startMs) / 1000),
    '-i',
    path,
    '-af',
    'volumedetect',
    '-f',
    'null',
    '-',
  ]);
  const match = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  if (!match) throw new Error(`volumedetect printed no max_volume:\n${stderr}`);
  return match[1] === '-inf' ? Number.NEGATIVE_INFINITY : Number(match[1]);
}

// The spoken clip is the slow fixture: made once for both backends' suites.
let clipDir: string;
let clip: SpeechClip;
let transcript: Transcript;
beforeAll(async () => {
  clipDir = await mkdtemp(join(tmpdir(), 'reel-smart-cut-planner-talk-'));
  clip = await generateSpeechClip({ outputPath: join(clipDir, 'talk.wav'), phrases });
  transcript = transcriptOf(clip);
});
afterAll(async () => rm(clipDir, { recursive: true, force: true }));

describe.each(testBackends)('smart-cut-planner: the PlanCuts task (%s backend)', (backend) => {
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createSmartCutPlannerHandler>;
  let progress: CapturedProgress;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'smart-cut-planner', backend });
    handler = createSmartCutPlannerHandler(() => environment.dependencies);
  });
  afterAll(async () => environment.cleanup());

  beforeEach(() => {
    progress = captureProgress();
  });
  afterEach(() => progress.restore());

  const manifestOf = (jobId: string) =>
    environment.dependencies.manifests.get({ tenantId: 'acme', jobId });
  const readText = (key: string) => readStoredText(environment.dependencies.storage, key);
  const readPlan = async (jobId: string) =>
    parseCutPlan(await readText(`dev/acme/${jobId}/plan/cut-plan.json`));
  /** The silences between and after the phrases (the 0.5 s lead-in is under the 700 ms threshold). */
  const longSilences = () =>
    clip.silences
      .filter(({ startSec, endSec }) => endSec - startSec > 0.7)
      .map(({ startSec, endSec }) => ({ startMs: startSec * 1000, endMs: endSec * 1000 }));

  it('cuts every long silence, the filler and the repeat, and keeps every other word whole', async () => {
    // Prepare
    const job = await createPlannableJob(environment, {
      jobId: 'talk',
      inputPath: clip.path,
      transcript,
    });

    // Act
    const response = await handler({ job, options: {}, step: 'smart-cut-planner' }, lambdaContext);

    // Assess
    expect(response.outputs.map(({ key }) => key)).toEqual([
      'dev/acme/talk/plan/cut-plan.v1.json',
      'dev/acme/talk/plan/cut-plan.edl',
      'dev/acme/talk/plan/cut-plan.fcpxml',
      'dev/acme/talk/plan/cut-plan.json',
    ]);
    const plan = await readPlan('talk');
    expect(plan).toMatchObject({
      mode: 'cut',
      usedTranscript: true,
      source: { name: 'talk.wav' },
    });
    expect(plan.source.durationMs).toBeCloseTo(clip.durationSec * 1000, -2);
    expect(longSilences()).toHaveLength(phrases.length);
    for (const silence of longSilences()) {
      const endMs = Math.min(silence.endMs - 250, plan.source.durationMs);
      expect(
        cutsCover(plan, { startMs: silence.startMs + 250, endMs }),
        JSON.stringify(silence),
      ).toBe(true);
    }
    const [firstThe, um] = [
      transcript.words.find(({ text }) => text === 'the')!,
      transcript.words.find(({ filler }) => filler)!,
    ];
    expect(cutsCover(plan, firstThe)).toBe(true);
    expect(
      cuts(plan).find((cut) => cut.startMs <= firstThe.startMs && cut.endMs >= firstThe.endMs)
        ?.reason,
    ).toBe('repeat');
    expect(
      cuts(plan).find((cut) => cut.startMs <= um.startMs && cut.endMs >= um.endMs)?.reason,
    ).toBe('filler');
    for (const word of transcript.words.filter(
      (candidate) => candidate !== firstThe && candidate !== um,
    )) {
      expect(overlapsCut(plan, word), `${word.text} ${word.startMs}–${word.endMs}`).toBe(false);
    }
    for (const phrase of clip.speech.filter(({ text }) => !/Um|the the/.test(text))) {
      expect(
        overlapsCut(plan, { startMs: phrase.startSec * 1000, endMs: phrase.endSec * 1000 }),
      ).toBe(false);
    }
    const { events } = parseEdl(await readText('dev/acme/talk/plan/cut-plan.edl'), {
      frameRate: plan.source.frameRate,
    });
    expect(events.map(({ sourceInFrames }) => sourceInFrames)).toEqual(
      plan.segments
        .filter(({ action }) => action === 'keep')
        .map(({ startMs }) => msToFrames(startMs, plan.source.frameRate)),
    );
    const percents = progress.messages.map(({ percent }) => percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents.at(-1)).toBe(100);
    expect(
      progress.messages.every(
        ({ label, step }) => label === 'silencedetect' && step === 'smart-cut-planner',
      ),
    ).toBe(true);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('records the step and a summary of the plan in the manifest', async () => {
    // Prepare
    const job = await createPlannableJob(environment, {
      jobId: 'talk-manifest',
      inputPath: clip.path,
      transcript,
    });

    // Act
    await handler({ job, options: {} }, lambdaContext);

    // Assess
    const manifest = await manifestOf('talk-manifest');
    const step = manifest?.steps['smart-cut-planner'];
    expect(step?.status).toBe('succeeded');
    expect(step?.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 'succeeded' })]);
    const heads = await Promise.all(
      (step?.outputs ?? []).map(({ key }) => environment.dependencies.storage.head({ key })),
    );
    expect(
      step?.outputs.map(({ key, bytes, contentType }) => ({ key, bytes, contentType })),
    ).toEqual([
      { key: heads[0]?.key, bytes: heads[0]?.bytes, contentType: 'application/json' },
      { key: heads[1]?.key, bytes: heads[1]?.bytes, contentType: 'text/plain; charset=utf-8' },
      { key: heads[2]?.key, bytes: heads[2]?.bytes, contentType: 'application/xml' },
      { key: heads[3]?.key, bytes: heads[3]?.bytes, contentType: 'application/json' },
    ]);
    const plan = await readPlan('talk-manifest');
    const result = manifest?.results.plan;
    expect(result).toEqual({
      planKey: 'dev/acme/talk-manifest/plan/cut-plan.json',
      edlKey: 'dev/acme/talk-manifest/plan/cut-plan.edl',
      fcpxmlKey: 'dev/acme/talk-manifest/plan/cut-plan.fcpxml',
      mode: 'cut',
      keptMs: expect.any(Number),
      removedMs: expect.any(Number),
      removedByReasonMs: {
        silence: expect.any(Number),
        filler: expect.any(Number),
        repeat: expect.any(Number),
      },
      version: 1,
      versionKey: 'dev/acme/talk-manifest/plan/cut-plan.v1.json',
      plannedSha256: cutPlanSha256(await readText('dev/acme/talk-manifest/plan/cut-plan.json')),
      versions: [
        {
          version: 1,
          key: 'dev/acme/talk-manifest/plan/cut-plan.v1.json',
          createdAt: expect.any(String),
          by: 'planner',
          change: 'plan',
          sha256: cutPlanSha256(await readText('dev/acme/talk-manifest/plan/cut-plan.v1.json')),
          keptMs: result!.keptMs,
          removedMs: result!.removedMs,
        },
      ],
    });
    expect(result!.keptMs + result!.removedMs).toBe(plan.source.durationMs);
    const { silence, filler, repeat } = result!.removedByReasonMs;
    expect(silence).toBeGreaterThan(phrases.length * 1000);
    expect(filler).toBeGreaterThan(0);
    expect(repeat).toBeGreaterThan(0);
    expect(silence + filler + repeat).toBe(result!.removedMs);
  });

  it('plans from silences alone without a transcript, cutting only what is silent', async () => {
    // Prepare
    const job = await createPlannableJob(environment, {
      jobId: 'no-transcript',
      inputPath: clip.path,
    });

    // Act
    await handler({ job, options: {} }, lambdaContext);

    // Assess
    const plan = await readPlan('no-transcript');
    expect(plan.usedTranscript).toBe(false);
    for (const silence of longSilences()) {
      const endMs = Math.min(silence.endMs - 250, plan.source.durationMs);
      expect(cutsCover(plan, { startMs: silence.startMs + 250, endMs })).toBe(true);
    }
    expect(new Set(cuts(plan).map(({ reason }) => reason))).toEqual(new Set(['silence']));
    const wav = join(environment.fixturesDir, 'no-transcript-16k.wav');
    for (const cut of cuts(plan)) expect(await maxVolumeDb(wav, cut)).toBeLessThan(-35);
    expect((await manifestOf('no-transcript'))?.results.plan?.removedByReasonMs).toMatchObject({
      filler: 0,
      repeat: 0,
    });
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('mutes instead of cutting on request: the same segments, and the exports keep the duration', async () => {
    // Prepare
    const job = await createPlannableJob(environment, {
      jobId: 'mute',
      inputPath: clip.path,
      transcript,
    });
    await handler({ job, options: {} }, lambdaContext);
    const cutPlan = await readPlan('mute');

    // Act
    await handler({ job, options: { cutPlan: { mode: 'mute' } } }, lambdaContext);

    // Assess
    const mutePlan = await readPlan('mute');
    expect(mutePlan.mode).toBe('mute');
    expect(mutePlan.segments).toEqual(cutPlan.segments);
    const { frameRate, durationMs } = mutePlan.source;
    const fcpxml = await readText('dev/acme/mute/plan/cut-plan.fcpxml');
    expect(/<sequence [^>]*duration="([^"]+)"/.exec(fcpxml)?.[1]).toBe(
      rationalSeconds(msToFrames(durationMs, frameRate), frameRate),
    );
    const { events } = parseEdl(await readText('dev/acme/mute/plan/cut-plan.edl'), { frameRate });
    for (const event of events) expect(event.recordInFrames).toBe(event.sourceInFrames);
    expect((await manifestOf('mute'))?.results.plan).toMatchObject({
      mode: 'mute',
      keptMs: expect.any(Number),
    });
  });

  it('records the settings it planned with and ignores keys it does not know', async () => {
    // Prepare
    const job = await createPlannableJob(environment, { jobId: 'settings', inputPath: clip.path });

    // Act
    await handler(
      {
        job,
        options: {
          segmentDurationSec: 30,
          cutPlan: { minSilenceMs: 2000, marginMs: 100, colour: 'red' },
        },
      },
      lambdaContext,
    );

    // Assess
    const plan = await readPlan('settings');
    expect(plan.options).toEqual({
      minSilenceMs: 2000,
      silenceThresholdDb: -35,
      marginMs: 100,
      minKeepMs: 500,
      minCutMs: 150,
      maxRepeatGapMs: 1000,
    });
    // Every silence of the clip is 1.5 s at most: nothing to cut at 2 s.
    expect(plan.segments).toEqual([{ startMs: 0, endMs: plan.source.durationMs, action: 'keep' }]);
  });

  it('refuses a negative margin before touching the job', async () => {
    // Prepare
    const job = await createPlannableJob(environment, {
      jobId: 'bad-options',
      inputPath: clip.path,
    });

    // Act
    const failure = await handler(
      { job, options: { cutPlan: { marginMs: -5 } } },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('cutPlan.marginMs'),
    });
    expect((await manifestOf('bad-options'))?.steps).toEqual({});
  });

  it('records INPUT_MISSING when the WAV is gone, writes nothing and leaves no scratch dir', async () => {
    // Prepare
    const job = await createPlannableJob(environment, { jobId: 'wav-gone', inputPath: clip.path });
    await environment.dependencies.storage.delete({ key: 'dev/acme/wav-gone/audio/audio-16k.wav' });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InputMissingError',
      message: expect.stringContaining('audio-16k.wav'),
    });
    expect((await manifestOf('wav-gone'))?.steps['smart-cut-planner']).toMatchObject({
      status: 'failed',
      outputs: [],
      error: { code: 'INPUT_MISSING' },
    });
    expect(
      await environment.dependencies.storage.list({ prefix: `${buildJobRootKey(job)}/plan/` }),
    ).toEqual([]);
    expect(await environment.scratchLeft()).toEqual([]);
  });

  it('records INPUT_MISSING, pointing at audio-extraction, when the job has no WAV yet', async () => {
    // Prepare
    const job = await createPlannableJob(environment, { jobId: 'no-audio', inputPath: clip.path });
    await updateManifest(environment.dependencies.manifests, job, (draft) => {
      delete draft.results.audio;
      return draft;
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InputMissingError',
      advice: expect.stringContaining('audio-extraction'),
    });
    expect((await manifestOf('no-audio'))?.steps['smart-cut-planner']?.error?.code).toBe(
      'INPUT_MISSING',
    );
  });

  it('records CORRUPT_INPUT for a stored transcript that is not a transcript', async () => {
    // Prepare
    const job = await createPlannableJob(environment, {
      jobId: 'bad-transcript',
      inputPath: clip.path,
      transcript: '{"words": "none"}',
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'CorruptInputError',
      message: expect.stringContaining('transcripts/transcript.json is not a transcript'),
    });
    expect((await manifestOf('bad-transcript'))?.steps['smart-cut-planner']?.error?.code).toBe(
      'CORRUPT_INPUT',
    );
    expect(await environment.scratchLeft()).toEqual([]);
  });
});
