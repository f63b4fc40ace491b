import { loadConfig } from '@reel/config';
import {
  buildAtInit,
  createFanOutStepHandler,
  createServiceDependencies,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import {
  abandonChunkedTranscode,
  discardTranscodeChunk,
  finishChunkedTranscode,
  transcodeChunkPhase,
} from './transcode-chunk-phases';
import { platformLadderFromConfig, type PlatformLadderOf } from './platform-ladder';
import { transcodeJob } from './transcode-job';
import { mediaTranscoderOptionsSchema } from './transcoder-options';

/**
 * The transcode step's handler over the given dependencies (tests pass their own): `Transcode`
 * (prepare: one process, or the sound and the chunk count), `TranscodeChunk` (every rung of one
 * chunk, in the workflow's Map), `TranscodeFinish` (join, package, publish) and
 * `TranscodeAbandon` (a chunk failed: the chunk objects removed), chosen by the event's `phase`.
 * The platform ladder comes from the deployment's SSM parameter unless `platformLadder` is given.
 */
export function createMediaTranscoderHandler(
  dependencies: () => ServiceDependencies,
  { platformLadder = platformLadderFromConfig() }: { platformLadder?: PlatformLadderOf } = {},
) {
  return createFanOutStepHandler({
    service: 'media-transcoder',
    step: 'media-transcoder',
    optionsSchema: mediaTranscoderOptionsSchema,
    prepare: (context) => transcodeJob(context, platformLadder),
    chunk: (context) => transcodeChunkPhase(context, platformLadder),
    finish: (context) => finishChunkedTranscode(context, platformLadder),
    abandon: abandonChunkedTranscode,
    discardChunk: discardTranscodeChunk,
    dependencies,
  });
}

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createMediaTranscoderHandler(
  buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'media-transcoder' }),
  ),
);
