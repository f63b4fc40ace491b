import { InvalidRequestError } from '@reel/error-taxonomy';
import type { StepContext } from '@reel/lambda-kit';
import {
  buildLadder,
  ladderSourceFromProbe,
  planTranscodeChunks,
  type LadderPlan,
  type TranscodeChunk,
} from '@reel/ladder';
import type { TranscodeOptions } from '@reel/media-types';
import type { OperationBounds } from './operation-bounds';
import type { PlatformLadderOf } from './platform-ladder';
import { tenantLadderDefaults } from './tenant-ladder-defaults';
import { loadTranscodeSource, type TranscodeSource } from './transcode-source';
import { resolveTranscodeOptions, type MediaTranscoderOptions } from './transcoder-options';

/**
 * The most chunks a transcode is split into: the Map size the workflow's timeout covers
 * (`MAX_FAN_OUT_ITEMS` in @reel/workflow's run-lease-ttl.ts).
 */
export const MAX_TRANSCODE_CHUNKS = 64;

/** Everything a transcode phase works from, in the scratch dir and checked. */
export interface TranscodeInputs {
  options: TranscodeOptions;
  source: TranscodeSource;
  ladder: LadderPlan;
  /** One chunk: one process; more: the chunk path (the picture only; the sound is encoded once). */
  chunks: TranscodeChunk[];
  operation: OperationBounds;
}

type InputsContext = Omit<StepContext<MediaTranscoderOptions>, 'reportProgress'>;

/**
 * The options alone (the job's over the tenant's over the platform's ladder): checked before
 * anything is downloaded.
 */
export async function loadTranscodeOptions(
  {
    job,
    options: { transcode: jobOptions },
    dependencies,
  }: Pick<InputsContext, 'job' | 'options' | 'dependencies'>,
  platformLadder: PlatformLadderOf,
) {
  const [tenant, platformDefaults] = await Promise.all([
    dependencies.tenantSettings.get(job.tenantId),
    platformLadder(dependencies),
  ]);
  const options = resolveTranscodeOptions({
    platformDefaults,
    tenantDefaults: tenantLadderDefaults(tenant),
    jobOptions,
  });
  return { tenant, options };
}

/**
 * What every phase of the transcode reads, the same way each time so the phases agree (the chunk
 * plan is derived from it, never sent through the workflow's state): the options over the
 * tenant's defaults (checked before any download), the source (the render, else the input) and
 * its captions, the ladder fitted to the source and the chunk plan on the segment grid.
 */
export async function loadTranscodeInputs(
  context: InputsContext,
  scratchDir: string,
  platformLadder: PlatformLadderOf,
): Promise<TranscodeInputs> {
  const { manifest, dependencies, observability, deadlineAtMs, signal } = context;
  const { tenant, options } = await loadTranscodeOptions(context, platformLadder);
  const operation = { deadlineAtMs, signal, observability, guardrails: tenant.guardrails };
  const source = await loadTranscodeSource({
    manifest,
    storage: dependencies.storage,
    runtime: dependencies.runtime,
    scratchDir,
    operation,
  });
  const ladder = buildLadder(ladderSourceFromProbe(source.probe), options);
  const durationSec = source.probe.durationSec;
  const chunks = planTranscodeChunks({ durationSec, plan: ladder, options });
  if (chunks.length > MAX_TRANSCODE_CHUNKS) {
    throw new InvalidRequestError(
      `A source of ${durationSec.toFixed(1)} s at chunkDurationSec ${options.chunkDurationSec} would need ${chunks.length} chunks; at most ${MAX_TRANSCODE_CHUNKS}`,
      {
        details: { chunkCount: chunks.length, maxChunks: MAX_TRANSCODE_CHUNKS },
        advice: `Raise chunkDurationSec to at least ${Math.ceil(durationSec / MAX_TRANSCODE_CHUNKS)} s.`,
      },
    );
  }
  return { options, source, ladder, chunks, operation };
}
