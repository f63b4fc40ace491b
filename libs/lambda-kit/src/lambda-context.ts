/** The part of the Lambda context reel uses; the local runner provides the same. */
export interface LambdaContextLike {
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** Enough time to record a failure in the manifest after the work itself was stopped. */
export const DEADLINE_SAFETY_MARGIN_MS = 5_000;
