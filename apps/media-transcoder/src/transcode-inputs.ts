import type { StepContext } from '@reel/lambda-kit';
import {
  buildLadder,
  ladderSourceFromProbe,
  type LadderPlan,
  type TranscodeChunk,
} from '@reel/ladder';
import type { TranscodeOptions } from '@reel/media-types';
import { planFanOutChunks } from './fan-out-chunk-plan';
import type { OperationBounds } from './operation-bounds';
import type { PlatformLadderOf } from './platform-ladder';
import { tenantLadderDefaults } from './tenant-ladder-defaults';
import {
  loadTranscodeSource,
  loadTranscodeSourceFacts,
  type StoredSourceProbe,
  type TranscodeSource,
  type TranscodeSourceFacts,
} from './transcode-source';
import { resolveTranscodeOptions, type MediaTranscoderOptions } from './transcoder-options';

/** Everything a transcode phase works from, in the scratch dir and checked. */
export interface TranscodeInputs<Source extends TranscodeSourceFacts = TranscodeSource> {
  /** The resolved options; `chunkDurationSec` is the one the chunks were planned with. */
  options: TranscodeOptions;
  source: Source;
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
export function loadTranscodeInputs(
  context: InputsContext,
  scratchDir: string,
  platformLadder: PlatformLadderOf,
): Promise<TranscodeInputs> {
  return loadInputs(context, platformLadder, (operation) =>
    loadTranscodeSource({
      manifest: context.manifest,
      storage: context.dependencies.storage,
      runtime: context.dependencies.runtime,
      scratchDir,
      operation,
    }),
  );
}

/**
 * The same inputs for the chunk path's finish, without the source's file: the probe the prepare
 * phase stored (`stored`, checked to be of the same object) instead of downloading the source
 * again — the finish joins and packages the chunks, it never reads the source.
 */
export function loadFinishInputs(
  context: InputsContext,
  scratchDir: string,
  platformLadder: PlatformLadderOf,
  stored: StoredSourceProbe,
): Promise<TranscodeInputs<TranscodeSourceFacts>> {
  return loadInputs(context, platformLadder, () =>
    loadTranscodeSourceFacts({
      manifest: context.manifest,
      storage: context.dependencies.storage,
      scratchDir,
      stored,
      signal: context.signal,
    }),
  );
}

async function loadInputs<Source extends TranscodeSourceFacts>(
  context: InputsContext,
  platformLadder: PlatformLadderOf,
  loadSource: (operation: OperationBounds) => Promise<Source>,
): Promise<TranscodeInputs<Source>> {
  const { observability, deadlineAtMs, signal } = context;
  const { tenant, options } = await loadTranscodeOptions(context, platformLadder);
  const operation = { deadlineAtMs, signal, observability, guardrails: tenant.guardrails };
  const source = await loadSource(operation);
  const ladder = buildLadder(ladderSourceFromProbe(source.probe), options);
  const durationSec = source.probe.durationSec;
  const { chunks, chunkDurationSec } = planFanOutChunks({ durationSec, ladder, options });
  if (chunkDurationSec !== options.chunkDurationSec) {
    observability.logger.info('Chunks lengthened to fit the fan-out', {
      durationSec,
      chunkDurationSec,
      requestedChunkDurationSec: options.chunkDurationSec,
      chunks: chunks.length,
    });
  }
  return { options: { ...options, chunkDurationSec }, source, ladder, chunks, operation };
}
