import { jobStatuses, type JobStatus } from '@reel/manifest';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseIdOption } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { formatBytes, formatTable } from '../format';
import { jobsHelp } from '../help-texts';
import { UsageError } from '../usage-error';

/** `reel jobs`: a tenant's jobs, newest first, optionally of one status. */
export async function jobsCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, {
    ...jobScopeOptions,
    status: { type: 'string', short: 's' },
    limit: { type: 'string', default: '50' },
  });
  if (values.help) {
    console.log(jobsHelp);
    return 0;
  }
  const tenantId = parseIdOption('tenantId', values.tenant);
  const status = parseStatus(values.status);
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError('--limit takes a whole number from 1 to 1000.');
  const { manifests } = loadCliDependencies(parseEnvOption(values.env));
  const { jobs } = await manifests.listJobs({ tenantId, limit, ...(status ? { status } : {}) });
  if (values.json) {
    console.log(JSON.stringify(jobs, null, 2));
    return 0;
  }
  if (jobs.length === 0) {
    console.log(`No jobs for tenant ${tenantId}${status ? ` with status ${status}` : ''}.`);
    return 0;
  }
  console.log(
    formatTable(
      [
        ['JOB', 'STATUS', 'CREATED', 'INPUT', 'DURATION'],
        ...jobs.map((job) => [
          job.jobId,
          job.status,
          job.createdAt,
          // A job the video API created before its upload has no input yet: show the pending file.
          job.input
            ? `${job.input.fileName} (${formatBytes(job.input.bytes)})`
            : `${job.upload?.fileName ?? '-'} (awaiting upload)`,
          job.input?.probe ? `${job.input.probe.durationSec.toFixed(1)} s` : '',
        ]),
      ],
      '',
    ),
  );
  return 0;
}

function parseStatus(value: string | undefined): JobStatus | undefined {
  if (value === undefined) return undefined;
  if ((jobStatuses as readonly string[]).includes(value)) return value as JobStatus;
  throw new UsageError(`--status must be one of ${jobStatuses.join(', ')}.`);
}
