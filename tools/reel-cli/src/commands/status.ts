import type { JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseJobRef } from '../cli-args';
import { describeLocation, loadCliDependencies } from '../cli-dependencies';
import { describeJob, earlierStepOutputs } from '../describe-job';
import { statusHelp } from '../help-texts';

/** `reel status --job ID`: one job's manifest, readable or as JSON; 1 when there is no such job. */
export async function statusCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, {
    ...jobScopeOptions,
    job: { type: 'string', short: 'j' },
  });
  if (values.help) {
    console.log(statusHelp);
    return 0;
  }
  const ref = parseJobRef(values);
  const { config, manifests, storage } = loadCliDependencies(parseEnvOption(values.env));
  const [manifest, lease] = await Promise.all([manifests.get(ref), manifests.getRunLease(ref)]);
  if (!manifest) {
    console.error(`No job ${ref.jobId} for tenant ${ref.tenantId} in env ${config.env}.`);
    return 1;
  }
  if (values.json) {
    console.log(JSON.stringify(manifest, null, 2));
    return 0;
  }
  const outputSizes = await earlierOutputSizes(storage, manifest);
  console.log(
    describeJob(manifest, {
      lease,
      outputSizes,
      locate: (key) => describeLocation(config, key),
      playable: config.backend === 'local',
    }),
  );
  return 0;
}

/** The sizes of the files a failed step's last success wrote; a file no longer there is left out. */
async function earlierOutputSizes(
  storage: MediaStorage,
  manifest: JobManifest,
): Promise<Map<string, number>> {
  const keys = earlierStepOutputs(manifest).flatMap(({ outputs }) => outputs.map(({ key }) => key));
  const sizes = new Map<string, number>();
  for (const key of keys) {
    if (await storage.exists({ key })) sizes.set(key, (await storage.head({ key })).bytes);
  }
  return sizes;
}
