import { errorCatalog, isReelError, toErrorInfo } from '@reel/error-taxonomy';
import { UsageError } from './usage-error';

/**
 * Prints why a command failed to stderr and returns its exit code: 2 for a usage error (with a
 * pointer to `--help`), 1 for anything else (the typed error's code, message and advice). The
 * catalog's generic advice for an invalid request is about id syntax, so it is shown only for id
 * errors; other refusals carry their own.
 */
export function reportError(error: unknown, write: (text: string) => void): number {
  if (error instanceof UsageError) {
    const advice = error.advice === undefined ? '' : `\n  ${error.advice}`;
    write(`${error.message}${advice}\nRun \`npx reel --help\` for usage.\n`);
    return 2;
  }
  const info = toErrorInfo(error);
  const genericIdAdvice =
    info.type === 'InvalidRequest' &&
    info.advice === errorCatalog.InvalidRequest.advice &&
    !(isReelError(error) && 'idKind' in error.details);
  write(`✖ ${info.code}: ${info.message}\n${genericIdAdvice ? '' : `  advice: ${info.advice}\n`}`);
  return 1;
}
