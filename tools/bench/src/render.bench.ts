/**
 * The render engine's one-encode render beside the naive chain of re-encodes and a bare encode,
 * in one run, on a generated source (testsrc2 + a tone) with 10 cuts, a watermark and burned-in
 * subtitles, x264 at the render defaults (veryfast, CRF 20, AAC 160k):
 *
 *   (a) one encode: buildRenderTimeline → buildRenderGraph (cut part, scale, watermark and
 *       subtitle stages) → runtime.renderGraph, what the video-render-engine runs;
 *   (b) the chain: cut → transitions (fade in/out) → branding (watermark) → subtitles, each a
 *       separate ffmpeg run that decodes the previous output and re-encodes it;
 *   (c) a bare encode of the kept duration (the source's first Σkept seconds, no filters).
 *
 * SSIM (ffmpeg's ssim filter, "All") measures what the encode lost: (a) against the same graph's
 * frames unencoded (the cut source with the watermark and subtitles drawn), (c) against the
 * source's frames. Targets: (b)/(a) ≥ 2.5, (a)/(c) ≤ 1.2, SSIM of (a) within 0.005 of (c).
 *
 *   npx nx run bench:render              # 60 s 1080p30
 *   npx nx run bench:render -- --quick   # 10 s 360p smoke run
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { renderOptionsSchema } from '@reel/media-types';
import {
  buildRenderGraph,
  buildRenderTimeline,
  buildSubtitleBurnPart,
  buildWatermarkPart,
  type RenderGraphStage,
} from '@reel/render-timeline';
import { execa } from 'execa';

const quick = process.argv.includes('--quick');
const SOURCE = quick
  ? { durationSec: 10, width: 640, height: 360 }
  : { durationSec: 60, width: 1920, height: 1080 };
const FPS = 30;
const CUT_COUNT = 10;
const options = renderOptionsSchema.parse({ subtitles: { mode: 'burn' } });
const { preset, crf } = options.video;
const { bitrateKbps } = options.audio;
// prettier-ignore
const ENCODE_ARGS = [
  '-c:v', 'libx264', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-preset', preset, '-crf', String(crf),
  '-c:a', 'aac', '-b:a', `${bitrateKbps}k`, '-movflags', '+faststart',
];
const runtime = createFfmpegRuntime();

// No single ffmpeg run of the bench may take longer (a graph that never ends must not run on).
const RUN_LIMIT_MS = 15 * 60_000;
const ffmpeg = (args: string[]) =>
  execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-y', ...args], {
    timeout: RUN_LIMIT_MS,
  });

async function timed(run: () => Promise<unknown>): Promise<number> {
  const startMs = performance.now();
  await run();
  return (performance.now() - startMs) / 1000;
}

/** 10 cuts of 1/60 of the source, one at the end of each tenth: 5/6 of it is kept. */
function cutPlanSegments(durationSec: number) {
  const spanMs = (durationSec * 1000) / CUT_COUNT;
  const cutMs = Math.round((durationSec * 1000) / 60);
  return Array.from({ length: CUT_COUNT }, (_, index) => {
    const startMs = Math.round(index * spanMs);
    const endMs = Math.round((index + 1) * spanMs);
    return [
      { startMs, endMs: endMs - cutMs, action: 'keep' as const },
      { startMs: endMs - cutMs, endMs, action: 'cut' as const, reason: 'silence' as const },
    ];
  }).flat();
}

/** Cues every 2.5 s on the edited timeline, 2 s each. */
function subtitles(durationSec: number): string {
  const stamp = (sec: number) => {
    const ms = Math.round(sec * 1000);
    const pad = (value: number, width = 2) => String(value).padStart(width, '0');
    return `00:${pad(Math.floor(ms / 60_000))}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
  };
  const cues: string[] = [];
  for (let startSec = 0.5, index = 1; startSec + 2 < durationSec; startSec += 2.5, index += 1) {
    cues.push(
      `${index}\n${stamp(startSec)} --> ${stamp(startSec + 2)}\nCue ${index}: one encode, not four\n`,
    );
  }
  return cues.join('\n');
}

async function ssimOf(args: string[]): Promise<number> {
  const { stderr } = await ffmpeg([...args, '-f', 'null', '-']);
  const all = /SSIM .*All:([\d.]+)/.exec(stderr);
  if (!all) throw new Error(`No SSIM in ffmpeg's output:\n${stderr.slice(-2000)}`);
  return Number(all[1]);
}

async function main(): Promise<void> {
  const workDir = await mkdtemp(join(tmpdir(), 'reel-bench-render-'));
  try {
    const { durationSec, width, height } = SOURCE;
    console.log(
      `Generating a ${durationSec} s ${height}p${FPS} source, a watermark and subtitles…`,
    );
    const source = join(workDir, 'source.mp4');
    // prettier-ignore
    await ffmpeg([
      '-f', 'lavfi', '-i', `testsrc2=s=${width}x${height}:r=${FPS}:d=${durationSec}`,
      '-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${durationSec}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-c:a', 'aac', '-b:a', '192k', source,
    ]);
    // One frame, read as a `still` input and held by the watermark part's eof_action=repeat.
    const logo = join(workDir, 'logo.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=320x120', '-frames:v', '1', logo]);

    const timeline = buildRenderTimeline({
      plan: { mode: 'cut', segments: cutPlanSegments(durationSec) },
      frameRate: { num: FPS, den: 1 },
      sourceDurationSec: durationSec,
      options,
    });
    const keptSec = timeline.mainDurationSec;
    const srt = join(workDir, 'render.srt');
    await writeFile(srt, subtitles(keptSec));
    const watermarkStage =
      (watermarkIn: string): RenderGraphStage =>
      ({ videoOut, width: frameWidth, height: frameHeight }) =>
        buildWatermarkPart({
          videoIn: videoOut,
          watermarkIn,
          frame: { width: frameWidth, height: frameHeight },
          style: options.watermark,
        });
    const subtitleStage: RenderGraphStage = ({ videoOut, height: frameHeight }) =>
      buildSubtitleBurnPart({
        videoIn: videoOut,
        subtitlePath: srt,
        fontsDir: runtime.fontsDir,
        fontName: 'DejaVu Sans',
        frameHeight,
        style: options.subtitles,
      });
    const graphOf = (sourceInputIndex: number, stages: RenderGraphStage[]) =>
      buildRenderGraph({
        timeline,
        source: { width, height, hasAudio: true },
        sourceInputIndex,
        options,
        stages,
      });

    console.log(`Kept ${keptSec.toFixed(3)} s of ${durationSec} s. (a) one encode…`);
    const oneEncode = join(workDir, 'one-encode.mp4');
    const graph = graphOf(0, [watermarkStage('1:v'), subtitleStage]);
    const oneEncodeSec = await timed(() =>
      runtime.renderGraph({
        inputs: [{ path: source }, { path: logo, still: true }],
        filterScript: graph.filterScript,
        scratchDir: workDir,
        videoOut: graph.videoOut,
        audioOut: graph.audioOut,
        output: oneEncode,
        expectedDurationSec: graph.outputDurationSec,
        preset,
        crf,
        audioBitrateKbps: bitrateKbps,
        deadlineAtMs: Date.now() + RUN_LIMIT_MS,
      }),
    );

    console.log('(c) bare encode of the kept duration…');
    const bare = join(workDir, 'bare.mp4');
    const bareSec = await timed(() =>
      ffmpeg(['-t', keptSec.toFixed(6), '-i', source, ...ENCODE_ARGS, bare]),
    );

    console.log('(b) the chain: cut → transitions → branding → subtitles, four encodes…');
    const chainSec = await timed(async () => {
      const cut = join(workDir, 'chain-1-cut.mp4');
      const cutGraph = graphOf(0, []);
      await runtime.renderGraph({
        inputs: [{ path: source }],
        filterScript: cutGraph.filterScript,
        scratchDir: workDir,
        videoOut: cutGraph.videoOut,
        audioOut: cutGraph.audioOut,
        output: cut,
        expectedDurationSec: cutGraph.outputDurationSec,
        preset,
        crf,
        audioBitrateKbps: bitrateKbps,
        deadlineAtMs: Date.now() + RUN_LIMIT_MS,
      });
      const faded = join(workDir, 'chain-2-transitions.mp4');
      const fadeOutAtSec = (keptSec - 0.5).toFixed(3);
      // prettier-ignore
      await ffmpeg(['-i', cut,
        '-vf', `fade=t=in:d=0.5,fade=t=out:st=${fadeOutAtSec}:d=0.5`,
        '-af', `afade=t=in:d=0.5,afade=t=out:st=${fadeOutAtSec}:d=0.5`, ...ENCODE_ARGS, faded]);
      const branded = join(workDir, 'chain-3-branding.mp4');
      const watermark = buildWatermarkPart({
        videoIn: '0:v',
        watermarkIn: '1:v',
        frame: { width: graph.width, height: graph.height },
        style: options.watermark,
      });
      // prettier-ignore
      await ffmpeg(['-i', faded, '-i', logo, '-filter_complex', watermark.chains.join(';'),
        '-map', `[${watermark.videoOut}]`, '-map', '0:a', ...ENCODE_ARGS, branded]);
      const subtitled = join(workDir, 'chain-4-subtitles.mp4');
      const burn = subtitleStage({
        videoOut: '0:v',
        audioOut: '0:a',
        width: graph.width,
        height: graph.height,
        frameRate: timeline.frameRate,
        durationSec: keptSec,
      });
      // prettier-ignore
      await ffmpeg(['-i', branded, '-filter_complex', burn.chains.join(';'),
        '-map', `[${burn.videoOut}]`, '-map', '0:a', ...ENCODE_ARGS, subtitled]);
    });

    console.log('SSIM of (a) and (c) against their unencoded frames…');
    // The same graph, its source at input 1 and the logo at 2, compared with (a) frame by frame.
    const reference = graphOf(1, [watermarkStage('2:v'), subtitleStage]);
    const referenceScript = join(workDir, 'reference.filtergraph');
    await writeFile(
      referenceScript,
      `${reference.filterScript};\n[${reference.audioOut}]anullsink;\n` +
        `[0:v]format=yuv420p[encoded];\n[encoded][${reference.videoOut}]ssim[compared]`,
    );
    // prettier-ignore
    const oneEncodeSsim = await ssimOf(['-i', oneEncode, '-i', source, '-i', logo,
      '-filter_complex_script', referenceScript, '-map', '[compared]']);
    // prettier-ignore
    const bareSsim = await ssimOf(['-i', bare, '-t', keptSec.toFixed(6), '-i', source,
      '-filter_complex', '[0:v][1:v]ssim[compared]', '-map', '[compared]']);

    const row = (wallSec: number, ssim?: number) => ({
      'wall s': Number(wallSec.toFixed(1)),
      '× bare': Number((wallSec / bareSec).toFixed(2)),
      SSIM: ssim === undefined ? '—' : ssim.toFixed(4),
    });
    console.log(
      `\n${durationSec} s ${height}p${FPS} source, ${CUT_COUNT} cuts (kept ${keptSec.toFixed(1)} s), ` +
        `watermark + burned subtitles, x264 ${preset} CRF ${crf}, AAC ${bitrateKbps}k:`,
    );
    console.table({
      '(a) one encode (renderGraph)': row(oneEncodeSec, oneEncodeSsim),
      '(b) chain of 4 re-encodes': row(chainSec),
      '(c) bare encode of kept duration': row(bareSec, bareSsim),
    });
    const chainRatio = chainSec / oneEncodeSec;
    const bareRatio = oneEncodeSec / bareSec;
    const ssimGap = bareSsim - oneEncodeSsim;
    const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    console.log(
      [
        `chain / one encode: ${chainRatio.toFixed(2)}× (target ≥ 2.5×, ${verdict(chainRatio >= 2.5)})`,
        `one encode / bare:  ${bareRatio.toFixed(2)}× (target ≤ 1.2×, ${verdict(bareRatio <= 1.2)})`,
        `SSIM bare − one encode: ${ssimGap.toFixed(4)} (target ≤ 0.005, ${verdict(ssimGap <= 0.005)})`,
      ].join('\n'),
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

await main();
