import { errorCatalog, type ErrorCode, type ErrorType } from './error-catalog';

/** Context a thrower attaches: what was being done, to what, and what ffmpeg said. */
export type ErrorDetails = Record<string, string | number | boolean | null | undefined | string[]>;

export interface ReelErrorOptions extends ErrorOptions {
  /** Facts a user or operator needs (path, limit, actual value, stderr tail). Never secrets. */
  details?: ErrorDetails;
  /** Replaces the catalog's advice when the thrower knows better (e.g. names the exact env var). */
  advice?: string;
}

/**
 * Base of every typed failure in reel. Branch on `code` or `instanceof`, never on the message.
 * The class name (`this.name`) doubles as the Lambda `errorType`, which Step Functions matches in
 * `Retry.ErrorEquals` — so renaming a class is a breaking change to the workflow.
 */
export class ReelError extends Error {
  readonly type: ErrorType;
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly httpStatus: number;
  readonly advice: string;
  readonly details: ErrorDetails;

  constructor(type: ErrorType, message: string, options: ReelErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const definition = errorCatalog[type];
    this.name = `${type}Error`;
    this.type = type;
    this.code = definition.code;
    this.retryable = definition.retryable;
    this.httpStatus = definition.httpStatus;
    this.advice = options.advice ?? definition.advice;
    this.details = options.details ?? {};
  }
}

/** True for a {@link ReelError} (or a subclass) — also across bundle copies of this lib. */
export function isReelError(value: unknown): value is ReelError {
  return (
    value instanceof ReelError ||
    (value instanceof Error &&
      typeof (value as Partial<ReelError>).code === 'string' &&
      typeof (value as Partial<ReelError>).retryable === 'boolean' &&
      typeof (value as Partial<ReelError>).type === 'string')
  );
}
