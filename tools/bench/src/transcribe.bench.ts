// `npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/transcribe.bench.ts [RUNS]`
// (needs the bundle: `npx nx run transcription:build` first).
//
// Word error rate and realtime factor (processing seconds per audio second) of the local
// transcription provider on ~60 s of generated speech (espeak-ng phrases, 1.5 s silences), side by
// side in one run, interleaved:
//   reel, 1 chunk   the transcription step from its bundle (download, probe, pocketsphinx, stitch,
//                   JSON/SRT/VTT upload) with the default chunkMaxSec 120: the audio is one chunk
//   reel, chunked   the same with chunkMaxSec 20 and concurrency 2: split at silences, 2 at once
//   bare            `pocketsphinx_continuous` on the same 16 kHz WAV through execa, nothing else
// WER is the word-level Levenshtein distance between what espeak-ng was told to say and the
// transcript, both normalised (lower case, punctuation stripped), over the reference's length.
// Onset error: how far each phrase's first recognised word starts from where the phrase was placed.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LambdaContextLike, ServiceDependencies } from '@reel/lambda-kit';
import { generateSpeechClip, type SpeechClip } from '@reel/sample-media';
import { buildJobKey } from '@reel/storage';
import { addExtractedAudio, createTestEnvironment, readStoredText } from '@reel/test-jobs';
import { normalizeToken, transcriptSchema, type Transcript } from '@reel/transcript';
import { execa } from 'execa';

interface TranscriptionBundle {
  createTranscriptionHandler(options: {
    dependencies: () => ServiceDependencies;
  }): (event: unknown, context: LambdaContextLike) => Promise<unknown>;
}

const runs = Number(process.argv[2] ?? 1);
if (!Number.isInteger(runs) || runs < 1) {
  throw new TypeError(`The run count must be a positive integer, got ${process.argv[2]}`);
}
const workspaceRoot = join(import.meta.dirname, '../../..');
const bundlePath = join(workspaceRoot, 'dist/apps/transcription/index.mjs');
const modelDir = '/usr/share/pocketsphinx/model/en-us';
const lambdaContext: LambdaContextLike = {
  awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 600_000,
};

/** Word-level edit distance (substitutions + deletions + insertions). */
function editDistance(reference: string[], hypothesis: string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, index) => index);
  for (const [row, referenceWord] of reference.entries()) {
    const current = [row + 1];
    for (const [column, hypothesisWord] of hypothesis.entries()) {
      current.push(
        Math.min(
          (previous[column + 1] ?? 0) + 1,
          (current[column] ?? 0) + 1,
          (previous[column] ?? 0) + (referenceWord === hypothesisWord ? 0 : 1),
        ),
      );
    }
    previous = current;
  }
  return previous[hypothesis.length] ?? 0;
}

const normalizedWords = (texts: string[]) =>
  texts
    .flatMap((text) => text.split(/\s+/))
    .map(normalizeToken)
    .filter((word) => word.length > 0);

function wordErrorRate(clip: SpeechClip, transcript: Transcript): number {
  const reference = normalizedWords(clip.speech.map(({ text }) => text));
  const hypothesis = normalizedWords(transcript.words.map(({ text }) => text));
  return editDistance(reference, hypothesis) / reference.length;
}

/** Mean and max distance (ms) of each phrase's first recognised word from the phrase's start. */
function onsetErrorMs(clip: SpeechClip, transcript: Transcript): { meanMs: number; maxMs: number } {
  const errors = clip.speech.map((phrase, index) => {
    const silenceStartMs = (clip.speech[index - 1]?.endSec ?? 0) * 1000;
    const word = transcript.words.find(({ startMs }) => startMs >= silenceStartMs);
    return Math.abs((word?.startMs ?? Number.POSITIVE_INFINITY) - phrase.startSec * 1000);
  });
  return {
    meanMs: errors.reduce((total, error) => total + error, 0) / errors.length,
    maxMs: Math.max(...errors),
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const startedMs = performance.now();
  const result = await work();
  return [performance.now() - startedMs, result];
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

await stat(bundlePath).catch(() => {
  throw new Error(`${bundlePath} is missing: run \`npx nx run transcription:build\` first`);
});
// EMF metrics go to stdout, where they would bury the table.
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { createTranscriptionHandler } = (await import(bundlePath)) as TranscriptionBundle;

const environment = await createTestEnvironment({ name: 'bench-transcribe' });
try {
  const clip = await generateSpeechClip({
    outputPath: join(environment.fixturesDir, 'talk.wav'),
    minDurationSec: 60,
  });
  const { dependencies } = environment;
  const handler = createTranscriptionHandler({ dependencies: () => dependencies });
  /** A job as audio-extraction leaves it: the 16 kHz WAV stored, results.audio pointing at it. */
  const createJob = async (jobId: string) => {
    const job = await environment.createJob(jobId, clip.path);
    return { job, ...(await addExtractedAudio(environment, { job, mediaPath: clip.path })) };
  };
  // The bare contender reads the same 16 kHz WAV the jobs store.
  const { wavPath } = await createJob('bare-input');

  const contenders = {
    'reel, 1 chunk': { chunkMaxSec: 120, concurrency: 2 },
    'reel, chunked (20 s, 2 at once)': { chunkMaxSec: 20, concurrency: 2 },
  } as const;
  type Contender = keyof typeof contenders;
  const samples = new Map<Contender | 'bare', number[]>();
  const quality = new Map<Contender, { wer: number; meanMs: number; maxMs: number }>();
  const record = (name: Contender | 'bare', ms: number) =>
    samples.set(name, [...(samples.get(name) ?? []), ms]);

  for (let run = 0; run < runs; run += 1) {
    for (const [name, options] of Object.entries(contenders) as Array<
      [Contender, (typeof contenders)[Contender]]
    >) {
      const jobId = `run-${run}-${options.chunkMaxSec}`;
      const { job } = await createJob(jobId);
      const [ms] = await timed(() =>
        handler({ job, options: { transcription: options } }, lambdaContext),
      );
      record(name, ms);
      const transcriptKey = buildJobKey({ ...job, kind: 'transcripts', name: 'transcript.json' });
      const transcript = transcriptSchema.parse(
        JSON.parse(await readStoredText(dependencies.storage, transcriptKey)),
      );
      quality.set(name, {
        wer: wordErrorRate(clip, transcript),
        ...onsetErrorMs(clip, transcript),
      });
    }
    const [bareMs] = await timed(() =>
      execa('pocketsphinx_continuous', [
        ...['-infile', wavPath, '-time', 'yes'],
        ...['-hmm', join(modelDir, 'en-us'), '-lm', join(modelDir, 'en-us.lm.bin')],
        ...['-dict', join(modelDir, 'cmudict-en-us.dict')],
      ]),
    );
    record('bare', bareMs);
  }

  const rtf = (ms: number) => (ms / 1000 / clip.durationSec).toFixed(3);
  console.log(
    `${clip.durationSec.toFixed(1)} s of speech (${clip.speech.length} phrases, 1.5 s silences), ` +
      `${runs} run(s) each, median wall time\n`,
  );
  const bareMedianMs = median(samples.get('bare') ?? []);
  console.table({
    ...Object.fromEntries(
      (Object.keys(contenders) as Contender[]).map((name) => {
        const ms = median(samples.get(name) ?? []);
        const { wer, meanMs, maxMs } = quality.get(name) ?? { wer: NaN, meanMs: NaN, maxMs: NaN };
        return [
          name,
          {
            'wall s': (ms / 1000).toFixed(2),
            'realtime factor': rtf(ms),
            'vs bare': `${(ms / bareMedianMs).toFixed(2)}×`,
            WER: `${(wer * 100).toFixed(1)} %`,
            'onset error mean/max': `${meanMs.toFixed(0)} / ${maxMs.toFixed(0)} ms`,
          },
        ];
      }),
    ),
    'bare pocketsphinx_continuous': {
      'wall s': (bareMedianMs / 1000).toFixed(2),
      'realtime factor': rtf(bareMedianMs),
      'vs bare': '1.00×',
      WER: '—',
      'onset error mean/max': '—',
    },
  });
} finally {
  await environment.cleanup();
}
