import type {
  StartTranscriptionJobCommandInput,
  TranscribeClient,
  TranscriptionJob,
} from '@aws-sdk/client-transcribe';
import { InternalError, TransientError } from '@reel/error-taxonomy';

type TranscribeSdk = typeof import('./transcribe-sdk');
let sdkLoading: Promise<TranscribeSdk> | undefined;

/** The AWS SDK, evaluated on the first Transcribe call of the process, never at import. */
function loadTranscribeSdk(): Promise<TranscribeSdk> {
  sdkLoading ??= import('./transcribe-sdk');
  return sdkLoading;
}

/** The parts of a Transcribe job this service reads. */
export type TranscribeJobView = Pick<
  TranscriptionJob,
  'TranscriptionJobName' | 'TranscriptionJobStatus' | 'FailureReason' | 'Transcript'
>;

/**
 * The three AWS Transcribe calls the provider makes, named as the SDK names them, so tests mock
 * this small surface instead of the SDK.
 */
export interface TranscribeApi {
  startTranscriptionJob(
    input: StartTranscriptionJobCommandInput,
    options: { signal: AbortSignal },
  ): Promise<{ TranscriptionJob?: TranscribeJobView }>;
  getTranscriptionJob(
    input: { TranscriptionJobName: string },
    options: { signal: AbortSignal },
  ): Promise<{ TranscriptionJob?: TranscribeJobView }>;
  /** GETs a finished job's result document (`Transcript.TranscriptFileUri`) and parses its JSON. */
  fetchTranscript(uri: string, options: { signal: AbortSignal }): Promise<unknown>;
}

/**
 * The real {@link TranscribeApi}: the AWS SDK v3 client for the two job calls, `fetch` for the
 * result document (a presigned URL into Transcribe's own bucket, valid 15 minutes). The SDK is
 * loaded and the client made on the first call, not here.
 *
 * @example
 * const api = createTranscribeApi({ region: config.region });
 */
export function createTranscribeApi({
  region,
  client,
  instrumentClient = (made) => made,
}: {
  region: string;
  client?: TranscribeClient;
  /** Wraps the client this API makes (e.g. `tracer.captureAWSv3Client` to trace Transcribe calls). */
  instrumentClient?: <T>(made: T) => T;
}): TranscribeApi {
  let connecting: Promise<{ sdk: TranscribeSdk; client: TranscribeClient }> | undefined;
  const transcribe = () => {
    connecting ??= loadTranscribeSdk().then((sdk) => ({
      sdk,
      client: client ?? instrumentClient(new sdk.TranscribeClient({ region })),
    }));
    return connecting;
  };
  return {
    startTranscriptionJob: async (input, { signal }) => {
      const { sdk, client: transcribeClient } = await transcribe();
      return transcribeClient.send(new sdk.StartTranscriptionJobCommand(input), {
        abortSignal: signal,
      });
    },
    getTranscriptionJob: async (input, { signal }) => {
      const { sdk, client: transcribeClient } = await transcribe();
      return transcribeClient.send(new sdk.GetTranscriptionJobCommand(input), {
        abortSignal: signal,
      });
    },
    fetchTranscript: async (uri, { signal }) => {
      const response = await fetch(uri, { signal });
      if (!response.ok) {
        const details = { status: response.status };
        throw response.status >= 500 || response.status === 429
          ? new TransientError(
              `Fetching the Transcribe result failed with HTTP ${response.status}`,
              { details },
            )
          : new InternalError(
              `Fetching the Transcribe result failed with HTTP ${response.status}`,
              { details },
            );
      }
      return response.json();
    },
  };
}
