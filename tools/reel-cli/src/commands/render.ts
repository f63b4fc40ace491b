import { RUN_LEASE_TTL_MS, createRunId } from '@reel/workflow';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseJobRef } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { renderHelp } from '../help-texts';
import { parseRenderOptionsArg } from '../render-options-arg';
import { parseTranscodeOptionsArg } from '../transcode-options-arg';
import { releaseLeaseOrWarn } from './run';

/** The manifest step `reel render` re-runs from: the render, then every step after it. */
export const RENDER_STEP = 'video-render-engine';

/**
 * `reel render`: renders a job again with its current cut plan (a hand-edited or toggled plan
 * included) and runs every step after the render, so later outputs match the new cut. Takes the
 * job's run lease first, like `reel run`; `--options` are the job's render options for this run,
 * `--transcode-options` its transcode options (the transcode after the render).
 */
export async function renderCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, {
    ...jobScopeOptions,
    job: { type: 'string', short: 'j' },
    options: { type: 'string', short: 'o' },
    'transcode-options': { type: 'string' },
    build: { type: 'boolean', default: true },
  });
  if (values.help) {
    console.log(renderHelp);
    return 0;
  }
  const ref = parseJobRef(values);
  const env = parseEnvOption(values.env);
  const render =
    values.options === undefined
      ? undefined
      : await parseRenderOptionsArg('--options', values.options);
  const transcode =
    values['transcode-options'] === undefined
      ? undefined
      : await parseTranscodeOptionsArg('--transcode-options', values['transcode-options']);
  const dependencies = loadCliDependencies(env);
  const runId = createRunId();
  await dependencies.manifests.acquireRunLease(ref, { runId, ttlMs: RUN_LEASE_TTL_MS });
  try {
    const { renderLeasedJob } = await import('../leased-render');
    return await renderLeasedJob({
      dependencies,
      ref,
      runId,
      build: values.build,
      json: values.json,
      stepOptions: {
        ...(render === undefined ? {} : { render }),
        ...(transcode === undefined ? {} : { transcode }),
      },
      fromStep: RENDER_STEP,
    });
  } finally {
    await releaseLeaseOrWarn(() => dependencies.manifests.releaseRunLease(ref, { runId }), runId);
  }
}
