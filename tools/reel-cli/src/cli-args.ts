import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isReelError } from '@reel/error-taxonomy';
import { ENV_PATTERN, assertValidId } from '@reel/storage';
import { UsageError } from './usage-error';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** `--tenant`, `--env` and `--json`, which every job command takes. */
export const jobScopeOptions = {
  tenant: { type: 'string', short: 't', default: 'local' },
  env: { type: 'string', short: 'e' },
  json: { type: 'boolean', default: false },
} as const satisfies OptionSpecs;

/**
 * A command's options, strictly: an unknown option, a missing value or a stray positional is a
 * {@link UsageError}. `--help`/`-h` is added to every command.
 *
 * @example
 * const values = parseCommandArgs(['--job', 'ep-1'], { job: { type: 'string' } });
 */
export function parseCommandArgs<Options extends OptionSpecs>(args: string[], options: Options) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowNegative: true,
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

/** A tenant or job id from the command line; anything else is a usage error with the id rules. */
export function parseIdOption(idKind: 'tenantId' | 'jobId', value: string): string {
  try {
    return assertValidId(idKind, value);
  } catch (error) {
    const flag = idKind === 'tenantId' ? '--tenant' : '--job';
    throw new UsageError(`${flag} ${JSON.stringify(value.slice(0, 80))} is not a valid id.`, {
      cause: error,
      advice: isReelError(error) ? error.advice : undefined,
    });
  }
}

/** `--env NAME` (the first key segment); given but empty or malformed is a usage error. */
export function parseEnvOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!ENV_PATTERN.test(value)) {
    throw new UsageError(
      `--env ${JSON.stringify(value.slice(0, 80))} is not an environment name.`,
      {
        advice: `An environment name matches ${ENV_PATTERN.source} (e.g. dev, prod); leave --env out for REEL_ENV or dev.`,
      },
    );
  }
  return value;
}

/** `--tenant` and a required `--job`: the job a command is about. */
export function parseJobRef({ tenant, job }: { tenant: string; job?: string | undefined }): {
  tenantId: string;
  jobId: string;
} {
  const tenantId = parseIdOption('tenantId', tenant);
  if (job === undefined) throw new UsageError('--job ID is required.');
  return { tenantId, jobId: parseIdOption('jobId', job) };
}
