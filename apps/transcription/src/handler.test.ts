import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressMessage, ServiceDependencies, StepResponse } from '@reel/lambda-kit';
import { generateLavfiClip, generateSpeechClip, type SpeechClip } from '@reel/sample-media';
import { buildJobRootKey } from '@reel/storage';
import {
  parseSrt,
  parseVtt,
  transcriptSchema,
  type SubtitleCue,
  type Transcript,
  type TranscriptWord,
} from '@reel/transcript';
import {
  addExtractedAudio,
  captureProgress,
  createTestEnvironment,
  lambdaContext,
  readStoredText,
  testBackends,
  type CapturedProgress,
  type TestEnvironment,
} from '@reel/test-jobs';
import { createTranscriptionHandler } from './handler';
import type { TranscriptionServices } from './transcribe-audio';

const TOLERANCE_MS = 300;

/** Each phrase's first recognised word: the first word that starts after the silence before it. */
function firstWordAfterEachSilence(words: TranscriptWord[], clip: SpeechClip) {
  return clip.speech.map((phrase, index) => {
    const silenceStartMs = (clip.speech[index - 1]?.endSec ?? 0) * 1000;
    return { phrase, word: words.find(({ startMs }) => startMs >= silenceStartMs) };
  });
}

function expectPhraseStartsFound(words: TranscriptWord[], clip: SpeechClip): void {
  for (const { phrase, word } of firstWordAfterEachSilence(words, clip)) {
    const offByMs = Math.abs((word?.startMs ?? Number.NaN) - phrase.startSec * 1000);
    expect(
      offByMs,
      `"${phrase.text}" at ${phrase.startSec} s: first word ${JSON.stringify(word)}`,
    ).toBeLessThanOrEqual(TOLERANCE_MS);
  }
}

function expectCaptionRules(cues: SubtitleCue[]): void {
  cues.forEach((cue, index) => {
    expect(cue.startMs).toBeGreaterThanOrEqual(cues[index - 1]?.endMs ?? 0);
    expect(cue.endMs).toBeGreaterThanOrEqual(cue.startMs);
    expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(7000);
    expect(cue.lines.length).toBeLessThanOrEqual(2);
    for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
  });
}

/** Cue times as ffprobe's own subtitle demuxers read them (not the lib's parsers), in ms. */
async function probeCueTimings(path: string): Promise<Array<[number, number]>> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-of', 'json', '-show_entries', 'packet=pts_time,duration_time', path],
  ]);
  const { packets } = JSON.parse(stdout) as {
    packets: Array<{ pts_time: string; duration_time: string }>;
  };
  return packets.map(({ pts_time, duration_time }) => {
    const startMs = Math.round(Number(pts_time) * 1000);
    return [startMs, startMs + Math.round(Number(duration_time) * 1000)];
  });
}

// The spoken clip is the slow fixture: made once for both backends' suites.
let talkDir: string;
let talk: SpeechClip;
beforeAll(async () => {
  talkDir = await mkdtemp(join(tmpdir(), 'reel-transcription-talk-'));
  talk = await generateSpeechClip({ outputPath: join(talkDir, 'talk.wav') });
});
afterAll(async () => rm(talkDir, { recursive: true, force: true }));

describe.each(testBackends)('transcription: the Transcribe task (%s backend)', (backend) => {
  let environment: TestEnvironment;
  let handler: ReturnType<typeof createTranscriptionHandler>;
  let progress: ProgressMessage[];
  const services: TranscriptionServices = {
    createTranscribeApi: () => {
      throw new Error('AWS Transcribe is not called in these tests');
    },
  };

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'transcription', backend });
    handler = createTranscriptionHandler({
      dependencies: () => environment.dependencies,
      services,
    });
  });
  afterAll(async () => environment.cleanup());

  let captured: CapturedProgress;
  beforeEach(() => {
    captured = captureProgress();
    progress = captured.messages;
  });
  afterEach(() => captured.restore());

  /** A job whose audio-extraction results exist, unless `withAudio` is false. */
  const createJob = async (jobId: string, mediaPath: string, { withAudio = true } = {}) => {
    const job = await environment.createJob(jobId, mediaPath);
    if (withAudio) await addExtractedAudio(environment, { job, mediaPath });
    return job;
  };
  const manifestOf = (jobId: string) =>
    environment.dependencies.manifests.get({ tenantId: 'acme', jobId });
  const readText = (key: string) => readStoredText(environment.dependencies.storage, key);
  const readTranscript = async (jobId: string): Promise<Transcript> =>
    transcriptSchema.parse(
      JSON.parse(await readText(`dev/acme/${jobId}/transcripts/transcript.json`)),
    );

  describe('on a short talk (one chunk)', () => {
    let response: StepResponse;
    let transcript: Transcript;

    beforeAll(async () => {
      const job = await createJob('talk', talk.path);
      response = await handler({ job, options: {}, step: 'transcription' }, lambdaContext);
      transcript = await readTranscript('talk');
    });

    it('starts the first word after each silence within ±300 ms of where the phrase was spoken', () => {
      expect(talk.speech).toHaveLength(4);
      expectPhraseStartsFound(transcript.words, talk);
    });

    it('writes a schema-valid transcript: words in order inside the audio, fillers marked, segments', () => {
      expect(transcript).toMatchObject({
        schemaVersion: 1,
        provider: 'local-pocketsphinx',
        language: 'en-US',
        durationMs: expect.closeTo(talk.durationSec * 1000, -2),
      });
      expect(transcript.words.length).toBeGreaterThanOrEqual(20);
      const texts = transcript.words.map(({ text }) => text);
      for (const token of ['<s>', '</s>', '<sil>', '[NOISE]']) expect(texts).not.toContain(token);
      // One segment per phrase at least: the 1.5 s silences are longer than the 500 ms pause limit.
      expect(transcript.segments.length).toBeGreaterThanOrEqual(talk.speech.length);
      expect(transcript.segments.at(-1)?.endWordIndex).toBe(transcript.words.length);
    });

    it('writes SRT and VTT that parse back to the same cues, within the caption rules, no word split', async () => {
      // Act
      const srtCues = parseSrt(await readText('dev/acme/talk/transcripts/transcript.srt'));
      const vttCues = parseVtt(await readText('dev/acme/talk/transcripts/transcript.vtt'));

      // Assess
      expect(srtCues.length).toBeGreaterThanOrEqual(talk.speech.length);
      expect(vttCues).toEqual(srtCues);
      expectCaptionRules(srtCues);
      expect(srtCues.flatMap(({ lines }) => lines.join(' ').split(' '))).toEqual(
        transcript.words.map(({ text }) => text),
      );
      expect(srtCues[0]?.startMs).toBe(transcript.words[0]?.startMs);
    });

    it('writes SRT and VTT that ffprobe reads as the same cues, to the millisecond', async () => {
      // Prepare
      const paths = await Promise.all(
        ['srt', 'vtt'].map(async (extension) => {
          const path = join(environment.fixturesDir, `talk.${extension}`);
          const key = `dev/acme/talk/transcripts/transcript.${extension}`;
          await environment.dependencies.storage.getToFile({ key, path });
          return path;
        }),
      );
      const cues = parseSrt(await readText('dev/acme/talk/transcripts/transcript.srt'));

      // Act
      const [srtTimings, vttTimings] = await Promise.all(paths.map(probeCueTimings));

      // Assess
      expect(srtTimings).toHaveLength(cues.length);
      expect(srtTimings).toEqual(cues.map(({ startMs, endMs }) => [startMs, endMs]));
      expect(vttTimings).toEqual(srtTimings);
    });

    it('records the step, its outputs and results.transcript in the manifest, and leaves no scratch dir', async () => {
      // Act
      const manifest = await manifestOf('talk');

      // Assess
      const keys = ['json', 'srt', 'vtt'].map(
        (extension) => `dev/acme/talk/transcripts/transcript.${extension}`,
      );
      expect(response).toEqual({
        step: 'transcription',
        status: 'succeeded',
        outputs: keys.map((key) => ({ key, bytes: expect.any(Number) })),
      });
      const step = manifest?.steps.transcription;
      expect(step?.status).toBe('succeeded');
      expect(step?.outputs).toEqual([
        { key: keys[0], bytes: expect.any(Number), contentType: 'application/json' },
        { key: keys[1], bytes: expect.any(Number), contentType: 'application/x-subrip' },
        { key: keys[2], bytes: expect.any(Number), contentType: 'text/vtt' },
      ]);
      const heads = await Promise.all(
        keys.map((key) => environment.dependencies.storage.head({ key })),
      );
      expect(step?.outputs.map(({ bytes }) => bytes)).toEqual(heads.map(({ bytes }) => bytes));
      expect(manifest?.results.transcript).toEqual({
        transcriptKey: keys[0],
        srtKey: keys[1],
        vttKey: keys[2],
        provider: 'local-pocketsphinx',
        language: 'en-US',
        wordCount: transcript.words.length,
        fillerCount: transcript.words.filter(({ filler }) => filler).length,
        durationMs: transcript.durationMs,
      });
      expect(await environment.scratchLeft()).toEqual([]);
    });
  });

  // The heaviest case (40 s of speech, several pocketsphinx runs) runs once, on the local backend.
  if (backend === 'local') {
    it('transcribes long audio in chunks cut at silences, in parallel, with word times on the whole timeline', async () => {
      // Prepare
      const longTalk = await generateSpeechClip({
        outputPath: join(environment.fixturesDir, 'long-talk.wav'),
        minDurationSec: 40,
      });
      const job = await createJob('long-talk', longTalk.path);

      // Act
      await handler(
        { job, options: { transcription: { chunkMaxSec: 10, concurrency: 2 } } },
        lambdaContext,
      );

      // Assess
      const transcript = await readTranscript('long-talk');
      expect(longTalk.durationSec).toBeGreaterThanOrEqual(40);
      const starts = transcript.words.map(({ startMs }) => startMs);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      expectPhraseStartsFound(transcript.words, longTalk);
      const chunkCounts = new Set(progress.map(({ label }) => label?.split('/')[1]));
      expect(chunkCounts.size).toBe(1);
      const chunkCount = Number([...chunkCounts][0]);
      expect(chunkCount).toBeGreaterThanOrEqual(Math.ceil(longTalk.durationSec / 10));
      expect(progress.map(({ label }) => label)).toEqual(
        Array.from({ length: chunkCount }, (_, index) => `chunks ${index + 1}/${chunkCount}`),
      );
      expect(progress.at(-1)?.percent).toBe(100);
      expect(await environment.scratchLeft()).toEqual([]);
    });
  }

  describe('failures', () => {
    let tone: string;
    beforeAll(async () => {
      tone = await generateLavfiClip({
        outputPath: join(environment.fixturesDir, 'tone.wav'),
        durationSec: 2,
        audio: {},
      });
    });

    it('fails with InputMissingError, recorded on the step, when the job has no extracted audio', async () => {
      // Prepare
      const job = await createJob('no-audio', tone, { withAudio: false });

      // Act
      const failure = await handler({ job, options: {} }, lambdaContext).catch(
        (error: unknown) => error,
      );

      // Assess
      expect(failure).toMatchObject({
        name: 'InputMissingError',
        message: expect.stringContaining('results.audio.wavKey'),
        advice: expect.stringContaining('audio-extraction'),
      });
      expect((await manifestOf('no-audio'))?.steps.transcription).toMatchObject({
        status: 'failed',
        outputs: [],
        error: { code: 'INPUT_MISSING' },
      });
      expect(
        await environment.dependencies.storage.list({
          prefix: `${buildJobRootKey(job)}/transcripts/`,
        }),
      ).toEqual([]);
      expect(await environment.scratchLeft()).toEqual([]);
    });

    it('fails with InputMissingError when the extracted WAV is gone from storage', async () => {
      // Prepare
      const job = await createJob('wav-gone', tone);
      await environment.dependencies.storage.delete({
        key: 'dev/acme/wav-gone/audio/audio-16k.wav',
      });

      // Act & Assess
      await expect(handler({ job, options: {} }, lambdaContext)).rejects.toMatchObject({
        name: 'InputMissingError',
      });
      expect((await manifestOf('wav-gone'))?.steps.transcription?.error?.code).toBe(
        'INPUT_MISSING',
      );
      expect(await environment.scratchLeft()).toEqual([]);
    });

    // On the aws backend the aws provider is allowed: this refusal exists only locally.
    if (backend === 'local') {
      it('refuses the aws provider on the local backend with ConfigInvalidError', async () => {
        // Prepare
        const job = await createJob('aws-local', tone);

        // Act
        const failure = await handler(
          { job, options: { transcription: { provider: 'aws' } } },
          lambdaContext,
        ).catch((error: unknown) => error);

        // Assess
        expect(failure).toMatchObject({
          name: 'ConfigInvalidError',
          message: expect.stringContaining('REEL_BACKEND=aws'),
        });
        expect((await manifestOf('aws-local'))?.steps.transcription?.error?.code).toBe(
          'CONFIG_INVALID',
        );
      });
    }

    it('reports a missing pocketsphinx binary as RuntimeMissingError', async () => {
      // Prepare
      const job = await createJob('no-binary', tone);
      const missingBinary = createTranscriptionHandler({
        dependencies: () =>
          withTranscriptionConfig(environment, {
            pocketsphinxPath: '/nonexistent/pocketsphinx_continuous',
          }),
        services,
      });

      // Act & Assess
      await expect(missingBinary({ job, options: {} }, lambdaContext)).rejects.toMatchObject({
        name: 'RuntimeMissingError',
        message: expect.stringContaining('/nonexistent/pocketsphinx_continuous'),
        advice: expect.stringContaining('POCKETSPHINX_PATH'),
      });
      expect((await manifestOf('no-binary'))?.steps.transcription?.error?.code).toBe(
        'RUNTIME_MISSING',
      );
      expect(await environment.scratchLeft()).toEqual([]);
    });

    it('reports a missing model as RuntimeMissingError naming the file', async () => {
      // Prepare
      const job = await createJob('no-model', tone);
      const missingModel = createTranscriptionHandler({
        dependencies: () =>
          withTranscriptionConfig(environment, { pocketsphinxModelDir: '/nonexistent/model' }),
        services,
      });

      // Act & Assess
      await expect(missingModel({ job, options: {} }, lambdaContext)).rejects.toMatchObject({
        name: 'RuntimeMissingError',
        message: expect.stringContaining('/nonexistent/model/en-us/mdef'),
        advice: expect.stringContaining('pocketsphinx-en-us'),
      });
    });

    it('refuses a chunkMaxSec under 5 s before touching the job', async () => {
      // Prepare
      const job = await createJob('bad-options', tone, { withAudio: false });

      // Act
      const failure = await handler(
        { job, options: { transcription: { chunkMaxSec: 1 }, segmentDurationSec: 30 } },
        lambdaContext,
      ).catch((error: unknown) => error);

      // Assess
      expect(failure).toMatchObject({
        name: 'InvalidRequestError',
        message: expect.stringContaining('chunkMaxSec'),
      });
      expect((await manifestOf('bad-options'))?.steps).toEqual({});
    });
  });
});

/** The environment's dependencies with some transcription settings replaced. */
function withTranscriptionConfig(
  { dependencies }: TestEnvironment,
  transcription: Partial<ServiceDependencies['config']['transcription']>,
): ServiceDependencies {
  const { config } = dependencies;
  return {
    ...dependencies,
    config: { ...config, transcription: { ...config.transcription, ...transcription } },
  };
}
