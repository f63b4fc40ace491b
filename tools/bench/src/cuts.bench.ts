/**
 * The cut planner's speed on 60 minutes of speech, as a multiple of realtime, beside a bare
 * `ffmpeg -af silencedetect -f null -` over the same file.
 *
 * The fixture is a ~60 s espeak-ng talk (phrases, 1.5 s pauses, one "um" and one "the the")
 * looped to 60 minutes as a 16 kHz mono WAV, with a transcript of matching words. The planner
 * side runs what the smart-cut-planner step runs after its downloads: the runtime's detectSilences
 * (silencedetect into an ametadata file, parsed), planCuts, the EDL and FCPXML exports.
 * Runs are interleaved, alternating which goes first.
 *
 *   npx nx run bench:cuts                  # 3 runs each
 *   npx tsx --tsconfig tools/bench/tsconfig.json tools/bench/src/cuts.bench.ts 5
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  planCuts,
  serializeCutPlan,
  summarizeCutPlan,
  writeEdl,
  writeFcpxml,
  type PlanWord,
} from '@reel/cut-plan';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { defaultPhrases, generateSpeechClip, type SpeechClip } from '@reel/sample-media';
import { execa } from 'execa';

const TARGET_SEC = 3600;
const NOISE_DB = -35;
// The smart-cut-planner's detection floor: pauses from 0.1 s are reported.
const SHORTEST_QUIET_SEC = 0.1;
const runs = Number(process.argv[2] ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  throw new TypeError(`The run count must be a positive integer, got ${process.argv[2]}`);
}

/** The clip's phrases repeated to `durationSec`, each phrase's words spread over its span by length. */
function loopedTranscript(clip: SpeechClip, loopSec: number, durationSec: number): PlanWord[] {
  const words: PlanWord[] = [];
  for (let offsetSec = 0; offsetSec < durationSec; offsetSec += loopSec) {
    for (const { text, startSec, endSec } of clip.speech) {
      if (offsetSec + endSec > durationSec) break;
      const tokens = text.split(' ');
      const msPerChar = ((endSec - startSec) * 1000) / tokens.join('').length;
      let atMs = (offsetSec + startSec) * 1000;
      for (const token of tokens) {
        const startMs = Math.round(atMs);
        atMs += token.length * msPerChar;
        words.push({
          text: token,
          startMs,
          endMs: Math.round(atMs),
          confidence: 0.9,
          filler: /^um,?$/i.test(token),
        });
      }
    }
  }
  return words;
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-cuts-'));
  try {
    console.log('Generating 60 minutes of speech (a ~60 s espeak-ng talk, looped)…');
    const clip = await generateSpeechClip({
      outputPath: join(workDir, 'talk.wav'),
      phrases: ['Welcome to the the reel podcast.', ...defaultPhrases.slice(1)],
      minDurationSec: 60,
    });
    const loopWav = join(workDir, 'loop-16k.wav');
    const longWav = join(workDir, 'talk-60min-16k.wav');
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error', '-i', clip.path,
      '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-y', loopWav,
    ]);
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error', '-stream_loop', String(Math.ceil(TARGET_SEC / clip.durationSec)),
      '-i', loopWav, '-t', String(TARGET_SEC), '-c:a', 'pcm_s16le', '-y', longWav,
    ]);
    const runtime = createFfmpegRuntime();
    const { durationSec: longSec } = await runtime.probe({ input: longWav });
    if (Math.abs(longSec - TARGET_SEC) > 1)
      throw new Error(`The looped WAV lasts ${longSec} s, not ${TARGET_SEC} s`);
    const words = loopedTranscript(clip, clip.durationSec, TARGET_SEC);
    const durationMs = TARGET_SEC * 1000;
    // prettier-ignore
    const bareArgs = [
      '-nostdin', '-hide_banner', '-nostats', '-i', longWav,
      '-af', `silencedetect=noise=${NOISE_DB}dB:d=${SHORTEST_QUIET_SEC}`, '-f', 'null', '-',
    ];

    let lastPlanMs = 0;
    let lastSummary = '';
    const contenders = {
      planner: async () => {
        const detected = await runtime.detectSilences({
          input: longWav,
          scratchDir: workDir,
          durationSec: TARGET_SEC,
          noiseDb: NOISE_DB,
          minSilenceSec: SHORTEST_QUIET_SEC,
          onProgress: () => undefined,
        });
        const planStartedMs = performance.now();
        const silences = detected.map(({ startSec, endSec }) => ({
          startMs: Math.round(startSec * 1000),
          endMs: Math.round(endSec * 1000),
        }));
        const plan = planCuts({ durationMs, silences, words, source: { name: 'talk.wav' } });
        const exported = [serializeCutPlan(plan), writeEdl(plan), writeFcpxml(plan)];
        lastPlanMs = performance.now() - planStartedMs;
        const summary = summarizeCutPlan(plan);
        lastSummary =
          `${silences.length} silences, ${words.length} words → ${summary.cutSegments} cuts ` +
          `(${JSON.stringify(summary.removedByReasonMs)} ms), kept ${(summary.keptMs / 60_000).toFixed(1)} of 60 min; ` +
          `exports ${exported.map((text) => `${(text.length / 1024).toFixed(0)} KiB`).join(' / ')}`;
      },
      bareSilencedetect: async () => {
        await execa('ffmpeg', bareArgs);
      },
    } as const;
    type Contender = keyof typeof contenders;
    const samples: Record<Contender, number[]> = { planner: [], bareSilencedetect: [] };
    const planSamples: number[] = [];
    const timeOnce = async (contender: Contender) => {
      const startedMs = performance.now();
      await contenders[contender]();
      return performance.now() - startedMs;
    };

    await timeOnce('planner');
    await timeOnce('bareSilencedetect');
    for (let run = 0; run < runs; run += 1) {
      const order: Contender[] =
        run % 2 === 0 ? ['planner', 'bareSilencedetect'] : ['bareSilencedetect', 'planner'];
      for (const contender of order) {
        samples[contender].push(await timeOnce(contender));
        if (contender === 'planner') planSamples.push(lastPlanMs);
      }
    }

    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;
    const row = (ms: number) => ({
      seconds: (ms / 1000).toFixed(2),
      realtime: `${Math.round((TARGET_SEC * 1000) / ms)}×`,
    });
    console.log(
      `\n60 min of 16 kHz mono speech; ${runs} runs each, interleaved, after a warm-up run each`,
    );
    console.log(lastSummary);
    console.table({
      'planner: silencedetect + parse + planCuts + EDL/FCPXML': row(median(samples.planner)),
      '  of which parse + planCuts + exports': row(median(planSamples)),
      'bare ffmpeg -af silencedetect -f null -': row(median(samples.bareSilencedetect)),
    });
    const plannerRealtime = (TARGET_SEC * 1000) / median(samples.planner);
    console.log(
      `Planner: ${Math.round(plannerRealtime)}× realtime (target ≥ 300×): ${plannerRealtime >= 300 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
