/**
 * A command line the CLI cannot run as given (unknown option, missing or invalid value, invalid
 * id): exit code 2, the message, its advice when it has one, and a pointer to `--help`.
 */
export class UsageError extends Error {
  readonly advice: string | undefined;

  constructor(message: string, options: { advice?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UsageError';
    this.advice = options.advice;
  }
}
