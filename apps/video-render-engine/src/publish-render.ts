import type { JobEventRef, StepOutputFile } from '@reel/lambda-kit';
import type { StepOutput, StepResults } from '@reel/manifest';
import type { RenderOptions } from '@reel/media-types';
import type { Observability } from '@reel/observability';
import type { RenderTimeline } from '@reel/render-timeline';
import type { MediaStorage } from '@reel/storage';
import type { EditedSubtitles } from './edited-subtitles';
import type { CurrentPlan } from './read-plan';
import type { RenderExtras } from './render-extras';
import { RENDER_FILE_NAMES } from './render-files';
import type { MainRender } from './render-main';
import { publishRenderFiles } from './publish-render-files';
import { renderRecord } from './render-record';
import { subtitleFiles } from './subtitle-files';

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
  const files: StepOutputFile[] = [
    ...subtitleFiles({ subtitles, options }),
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
  const { outputs, keys } = await publishRenderFiles({
    job,
    storage,
    scratchDir,
    signal,
    observability,
    files,
  });
  const result: RenderResult = {
    ...keys,
    durationSec: main.durationSec,
    width: main.width,
    height: main.height,
    videoCodec: main.videoCodec,
    ...(main.audioCodec === undefined ? {} : { audioCodec: main.audioCodec }),
    frameRate: main.frameRate,
    ...renderRecord({ plan, timeline, options }),
  };
  return { outputs, result };
}
