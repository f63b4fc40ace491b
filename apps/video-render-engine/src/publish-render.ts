import { publishStepOutputs, type JobEventRef, type StepOutputFile } from '@reel/lambda-kit';
import type { StepOutput, StepResults } from '@reel/manifest';
import type { RenderOptions } from '@reel/media-types';
import type { Observability } from '@reel/observability';
import type { RenderTimeline } from '@reel/render-timeline';
import { buildJobKey, type MediaStorage } from '@reel/storage';
import type { EditedSubtitles } from './edited-subtitles';
import type { CurrentPlan } from './read-plan';
import type { RenderExtras } from './render-extras';
import { RENDER_FILE_NAMES } from './render-files';
import type { MainRender } from './render-main';

export type RenderResult = NonNullable<StepResults['render']>;

/**
 * Publishes the render's files under the job's `renders/` folder, all or none, `render.mp4` last
 * (a stored render always has its companions from the same attempt beside it), removing what an
 * earlier render left that this one did not write (e.g. a preview when nothing is removed now).
 * Returns the step outputs and the manifest's render result.
 */
export async function publishRender({
  job,
  storage,
  scratchDir,
  signal,
  observability,
  main,
  extras,
  subtitles,
  options,
  timeline,
  plan,
}: {
  job: JobEventRef;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
  observability: Observability;
  main: MainRender;
  extras: RenderExtras;
  subtitles: EditedSubtitles | undefined;
  options: RenderOptions;
  timeline: RenderTimeline;
  plan: CurrentPlan;
}): Promise<{ outputs: StepOutput[]; result: RenderResult }> {
  const sidecar =
    subtitles !== undefined &&
    (options.subtitles.mode === 'sidecar' || options.subtitles.mode === 'both');
  const files: StepOutputFile[] = [
    ...(sidecar
      ? [
          { name: RENDER_FILE_NAMES.srt, text: subtitles.srt, contentType: 'application/x-subrip' },
          { name: RENDER_FILE_NAMES.vtt, text: subtitles.vtt, contentType: 'text/vtt' },
        ]
      : []),
    ...(subtitles === undefined
      ? []
      : [
          {
            name: RENDER_FILE_NAMES.transcript,
            text: `${JSON.stringify(subtitles.transcript, null, 2)}\n`,
            contentType: 'application/json',
          },
        ]),
    ...(extras.mp3 === undefined
      ? []
      : [
          {
            name: RENDER_FILE_NAMES.mp3,
            path: extras.mp3.path,
            contentType: 'audio/mpeg',
            durationSec: extras.mp3.durationSec,
          },
        ]),
    ...(extras.preview === undefined
      ? []
      : [
          {
            name: RENDER_FILE_NAMES.preview,
            path: extras.preview.path,
            contentType: 'video/mp4',
            durationSec: extras.preview.durationSec,
          },
        ]),
    {
      name: RENDER_FILE_NAMES.video,
      path: main.path,
      contentType: 'video/mp4',
      durationSec: main.durationSec,
    },
  ];
  const outputs = await publishStepOutputs({
    job,
    kind: 'renders',
    files,
    storage,
    scratchDir,
    signal,
    inOrder: true,
    replaceFolder: true,
    observability,
  });
  const keyOf = (name: string) => buildJobKey({ ...job, kind: 'renders', name });
  const written = new Set(files.map(({ name }) => name));
  const optionalKey = (name: string) => (written.has(name) ? keyOf(name) : undefined);
  const keys = {
    srtKey: optionalKey(RENDER_FILE_NAMES.srt),
    vttKey: optionalKey(RENDER_FILE_NAMES.vtt),
    transcriptKey: optionalKey(RENDER_FILE_NAMES.transcript),
    mp3Key: optionalKey(RENDER_FILE_NAMES.mp3),
    previewKey: optionalKey(RENDER_FILE_NAMES.preview),
  };
  const result: RenderResult = {
    videoKey: keyOf(RENDER_FILE_NAMES.video),
    ...Object.fromEntries(Object.entries(keys).filter(([, key]) => key !== undefined)),
    durationSec: main.durationSec,
    width: main.width,
    height: main.height,
    videoCodec: main.videoCodec,
    ...(main.audioCodec === undefined ? {} : { audioCodec: main.audioCodec }),
    frameRate: main.frameRate,
    planKey: plan.planKey,
    planSha256: plan.planSha256,
    ...(plan.planVersion === undefined ? {} : { planVersion: plan.planVersion }),
    mode: timeline.mode,
    options,
    pieces: timeline.pieces.map((piece) => ({
      segmentIndex: piece.segmentIndex,
      action: piece.action,
      ...(piece.reason === undefined ? {} : { reason: piece.reason }),
      sourceStartSec: piece.sourceStartSec,
      sourceEndSec: piece.sourceEndSec,
      speed: piece.speed,
      muted: piece.muted,
      outputStartSec: piece.outputStartSec,
      outputDurationSec: piece.outputDurationSec,
    })),
    removedSec: timeline.removed.reduce(
      (sum, span) => sum + (span.sourceEndSec - span.sourceStartSec),
      0,
    ),
  };
  return { outputs, result };
}
