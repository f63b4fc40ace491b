import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseJobRef } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { describeJob } from '../describe-job';
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
  const { config, manifests } = loadCliDependencies(parseEnvOption(values.env));
  const [manifest, lease] = await Promise.all([manifests.get(ref), manifests.getRunLease(ref)]);
  if (!manifest) {
    console.error(`No job ${ref.jobId} for tenant ${ref.tenantId} in env ${config.env}.`);
    return 1;
  }
  console.log(values.json ? JSON.stringify(manifest, null, 2) : describeJob(manifest, { lease }));
  return 0;
}
