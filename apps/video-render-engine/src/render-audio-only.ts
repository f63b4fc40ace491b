import { join } from 'node:path';
import { UnsupportedMediaError } from '@reel/error-taxonomy';
import type { StepContext, StepOutcome } from '@reel/lambda-kit';
import { buildAudioOnlyTimeline, buildAudioProgramGraph } from '@reel/render-timeline';
import { buildJobKey } from '@reel/storage';
import { editSubtitles } from './edited-subtitles';
import { publishRenderFiles } from './publish-render-files';
import { readTranscript } from './read-transcript';
import { RENDER_FILE_NAMES, scratchOutputPath } from './render-files';
import type { RenderInputs } from './render-inputs';
import type { VideoRenderEngineOptions } from './render-options';
import { renderRecord } from './render-record';
import { subtitleFiles } from './subtitle-files';

type RenderContext = Omit<StepContext<VideoRenderEngineOptions>, 'options'>;

// The cut FLAC is one quick decode and encode; the MP3's three loudnorm passes are most of the work.
const FLAC_SHARE_PERCENT = 25;

/**
 * The render of a source with no picture (a podcast): the plan played on the sound alone, on a
 * 5 ms grid (`buildAudioOnlyTimeline`), with the same cut part as a video render (join fades,
 * mute/tone, atempo: `buildAudioProgramGraph`) encoded once to a lossless FLAC in the scratch dir,
 * then `renders/episode.mp3` from it by two-pass loudnorm to the options' podcast targets. The
 * episode IS the render, so it is written whatever `podcast.use` says. Beside it: the transcript
 * re-timed to the edit (`transcript.json`) and, unless subtitles are `none`, `render.srt`/`.vtt`
 * (`burn` has no picture to burn into: sidecars instead). No branding (intro/outro clips and the
 * watermark are pictures) and no removed-spans preview. Published all or none, the MP3 last, and
 * recorded as `results.render` without video fields. Throws an UnsupportedMediaError for a source
 * with no sound either.
 *
 * @example
 * if (inputs.picture === undefined) return renderAudioOnly({ context, inputs, scratchDir });
 */
export async function renderAudioOnly({
  context: { job, manifest, dependencies, observability, signal, reportProgress },
  inputs,
  scratchDir,
}: {
  context: RenderContext;
  inputs: RenderInputs;
  scratchDir: string;
}): Promise<StepOutcome> {
  const { options, plan, probe, operation, sourcePath, sourceLabel } = inputs;
  const { runtime, storage } = dependencies;
  if (!probe.streams.some(({ type }) => type === 'audio')) {
    throw new UnsupportedMediaError(`${sourceLabel} has neither a picture nor sound to render`, {
      details: { fileName: sourceLabel },
      advice: 'Upload a file with a video or an audio stream.',
    });
  }
  const timeline = buildAudioOnlyTimeline({
    plan: plan.plan,
    sourceDurationSec: probe.durationSec,
    options,
  });
  const transcript = await readTranscript({ manifest, storage, scratchDir, signal });
  const subtitles =
    transcript === undefined
      ? undefined
      : editSubtitles({
          transcript,
          timeline,
          offsetSec: 0,
          durationSec: timeline.mainDurationSec,
        });
  const graph = buildAudioProgramGraph({
    timeline,
    source: { hasAudio: true },
    sourceInputIndex: 0,
    options,
  });
  const flacPath = join(scratchDir, 'episode.flac');
  const progress = (from: number, to: number) => (percent: number) =>
    reportProgress({ percent: from + ((to - from) * percent) / 100, label: 'podcast' });
  await runtime.renderAudioGraph({
    inputs: [{ path: sourcePath, inputLabel: sourceLabel }],
    filterScript: graph.filterScript,
    audioOut: graph.audioOut,
    scratchDir,
    output: flacPath,
    expectedDurationSec: graph.outputDurationSec,
    onProgress: ({ percent }) => progress(0, FLAC_SHARE_PERCENT)(percent),
    ...operation,
  });
  const mp3Path = await scratchOutputPath(scratchDir, RENDER_FILE_NAMES.mp3);
  await runtime.encodePodcastMp3({
    input: flacPath,
    inputLabel: `${sourceLabel} (edited sound)`,
    output: mp3Path,
    integratedLufs: options.podcast.integratedLufs,
    truePeakDb: options.podcast.truePeakDb,
    bitrateKbps: options.podcast.bitrateKbps,
    onProgress: ({ percent }) => progress(FLAC_SHARE_PERCENT, 100)(percent),
    ...operation,
  });
  const mp3 = await runtime.probe({
    input: mp3Path,
    deadlineAtMs: operation.deadlineAtMs,
    signal,
    observability,
  });
  const { durationSec } = mp3;
  const sidecarMode = options.subtitles.mode === 'burn' ? 'sidecar' : options.subtitles.mode;
  const files = [
    ...subtitleFiles({ subtitles, options: { subtitles: { mode: sidecarMode } } }),
    { name: RENDER_FILE_NAMES.mp3, path: mp3Path, contentType: 'audio/mpeg', durationSec },
  ];
  const { outputs, keys } = await publishRenderFiles({
    job,
    storage,
    scratchDir,
    signal,
    observability,
    files,
  });
  const result = {
    mp3Key: buildJobKey({ ...job, kind: 'renders', name: RENDER_FILE_NAMES.mp3 }),
    ...keys,
    durationSec,
    audioCodec: mp3.streams.find(({ type }) => type === 'audio')?.codecName ?? 'mp3',
    ...renderRecord({ plan, timeline, options }),
  };
  observability.logger.info('Audio-only render written', {
    planKey: plan.planKey,
    planVersion: plan.planVersion,
    mode: timeline.mode,
    pieces: timeline.pieces.length,
    durationSec,
    outputs: outputs.length,
  });
  return { outputs, results: { render: result }, mediaDurationSec: probe.durationSec };
}
