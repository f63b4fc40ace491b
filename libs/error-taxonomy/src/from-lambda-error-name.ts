import { errorTypes } from './error-catalog';
import { errorClasses } from './errors';
import type { ReelError, ReelErrorOptions } from './reel-error';
import { RunLeaseConflictError } from './run-lease-conflict-error';

type ErrorClass = new (message: string, options?: ReelErrorOptions) => ReelError;

/** Every class name a reel handler can fail with, which Lambda reports as `errorType`. */
const classesByName: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>([
  ...errorTypes.map((type): [string, ErrorClass] => [`${type}Error`, errorClasses[type]]),
  ['RunLeaseConflictError', RunLeaseConflictError],
]);

/**
 * Rebuilds the typed error of a failed invocation from the Lambda `errorType` (the thrower's class
 * name, e.g. `CorruptInputError`) and its message, so code on the far side of Lambda or a local
 * service host branches on the class again. A name reel does not know is `undefined`; the caller
 * decides what that means (usually Internal).
 *
 * @example
 * const error = fromLambdaErrorName('GuardrailExceededError', 'The input is 7 h long') ?? new InternalError(message);
 */
export function fromLambdaErrorName(
  errorName: string,
  message: string,
  options?: ReelErrorOptions,
): ReelError | undefined {
  const ErrorClass = classesByName.get(errorName);
  return ErrorClass === undefined ? undefined : new ErrorClass(message, options);
}
