import { GuardrailExceededError } from '@reel/error-taxonomy';

/**
 * The demuxer's refusal of a stream past `-max_streams` (classified from stderr as a bare
 * GuardrailExceededError) restated with the guardrail's name and limit, like every other guardrail
 * failure. Other errors are returned as they are.
 *
 * @example
 * throw explainStreamLimit(error, { input, maxStreams: 16 });
 */
export function explainStreamLimit(
  error: unknown,
  { input, maxStreams }: { input: string; maxStreams: number | undefined },
): unknown {
  if (
    !(error instanceof GuardrailExceededError) ||
    error.details['guardrail'] !== undefined ||
    maxStreams === undefined
  ) {
    return error;
  }
  return new GuardrailExceededError(
    `${input} has more than the ${maxStreams} streams allowed (maxStreams)`,
    {
      cause: error,
      details: { ...error.details, guardrail: 'maxStreams', limit: maxStreams, input },
    },
  );
}
