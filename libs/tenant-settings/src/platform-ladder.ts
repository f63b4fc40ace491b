import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ReelConfig } from '@reel/config';
import { ConfigInvalidError, toReelError } from '@reel/error-taxonomy';
import { ladderOptionsSchema, type LadderOptions } from './ladder-options-schema';

/** Reads the platform's ladder: a partial transcode-options document, the same on every call until it expires. */
export type PlatformLadderReader = () => Promise<LadderOptions>;

export interface CreatePlatformLadderReaderOptions {
  /** The SSM parameter (a String holding JSON), e.g. `/reel/prod/ladder`. */
  parameterName: string;
  /** The client to read with (an endpoint, credentials, tracing); default one for `region`. */
  ssmClient?: SSMClient;
  /** The region of the default client. */
  region?: string;
  /** Wraps the default client once it exists (X-Ray's `captureAWSv3Client`). */
  instrumentClient?: <T>(client: T) => T;
  /** How long a read value is reused before SSM is asked again. Default 300 s. */
  maxAgeSec?: number;
}

const DEFAULT_MAX_AGE_SEC = 300;

type SsmSdk = typeof import('./ssm-sdk');
let ssmSdkLoading: Promise<SsmSdk> | undefined;
const loadSsmSdk = () => (ssmSdkLoading ??= import('./ssm-sdk'));

/**
 * The platform's ladder from an SSM parameter, as the source design keeps its MediaConvert
 * presets: a JSON object of transcode options (`{ "rungs": [720, 480], "segmentDurationSec": 4 }`)
 * that an operator changes without a deploy. Read with Powertools' SSMProvider (cached for
 * `maxAgeSec`, so a warm Lambda asks SSM at most once per period), parsed as JSON and validated
 * with {@link ladderOptionsSchema}: what it returns holds only the fields the parameter sets, to
 * be laid under the tenant's defaults and the job's options. A missing parameter, bad JSON or an
 * invalid field is a {@link ConfigInvalidError} naming the parameter (not retried); SSM's own
 * failures map like every AWS error (`AccessDeniedException` → PermissionDenied, throttling →
 * Transient). The SDK and Powertools are loaded on the first read.
 *
 * @example
 * const readPlatformLadder = createPlatformLadderReader({ parameterName: '/reel/prod/ladder', region: 'eu-west-1' });
 * const platformDefaults = await readPlatformLadder(); // → { rungs: [720, 480] }
 */
export function createPlatformLadderReader({
  parameterName,
  ssmClient,
  region,
  instrumentClient = (client) => client,
  maxAgeSec = DEFAULT_MAX_AGE_SEC,
}: CreatePlatformLadderReaderOptions): PlatformLadderReader {
  let provider: Promise<InstanceType<SsmSdk['SSMProvider']>> | undefined;
  const providerOnce = () =>
    (provider ??= (async () => {
      const { SSMClient, SSMProvider } = await loadSsmSdk();
      const client = ssmClient ?? instrumentClient(new SSMClient({ region }));
      return new SSMProvider({ awsSdkV3Client: client });
    })());
  return async () => {
    let value: unknown;
    try {
      value = await (
        await providerOnce()
      ).get(parameterName, {
        transform: 'json',
        maxAge: maxAgeSec,
      });
    } catch (error) {
      throw await readFailure(parameterName, error);
    }
    return parseLadder(parameterName, value);
  };
}

/**
 * The reader a loaded config asks for: the SSM parameter `REEL_LADDER_PARAMETER` names on AWS, or
 * a reader of no platform choices (`{}`: `transcodeOptionsSchema`'s defaults apply) when the
 * backend is local or no parameter is named.
 *
 * @example
 * const readPlatformLadder = createPlatformLadderReaderFromConfig(loadConfig(process.env), { instrumentClient });
 */
export function createPlatformLadderReaderFromConfig(
  config: ReelConfig,
  options: Omit<CreatePlatformLadderReaderOptions, 'parameterName' | 'region'> = {},
): PlatformLadderReader {
  if (config.backend === 'local' || config.ladderParameter === undefined) {
    return async () => ({});
  }
  return createPlatformLadderReader({
    ...options,
    parameterName: config.ladderParameter,
    region: config.region,
  });
}

function parseLadder(parameterName: string, value: unknown): LadderOptions {
  const parsed = ladderOptionsSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    ({ path, message }) => `${path.length > 0 ? path.join('.') : '(value)'}: ${message}`,
  );
  throw new ConfigInvalidError(
    `The platform ladder in SSM parameter ${parameterName} is invalid: ${problems.join('; ')}`,
    {
      details: { parameterName, problems },
      advice: `Put a JSON object of transcode options (TranscodeOptions of @reel/media-types, every field optional) in ${parameterName}.`,
    },
  );
}

async function readFailure(parameterName: string, error: unknown): Promise<Error> {
  const { TransformParameterError } = await loadSsmSdk();
  const cause = error instanceof Error ? error.cause : undefined;
  const missing = cause instanceof Error && cause.name === 'ParameterNotFound';
  if (missing || error instanceof TransformParameterError) {
    return new ConfigInvalidError(
      missing
        ? `The platform ladder's SSM parameter ${parameterName} does not exist`
        : `The platform ladder in SSM parameter ${parameterName} is not JSON`,
      {
        cause: error,
        details: { parameterName },
        advice: `Create ${parameterName} (a String of JSON transcode options, e.g. {"rungs":[1080,720,480]}) or unset REEL_LADDER_PARAMETER.`,
      },
    );
  }
  return toReelError(cause ?? error);
}
