import { toErrorInfo } from '@reel/error-taxonomy';
import { UsageError } from './usage-error';

/**
 * Prints why a command failed to stderr and returns its exit code: 2 for a usage error (with a
 * pointer to `--help`), 1 for anything else (the typed error's code, message and advice).
 */
export function reportError(error: unknown, write: (text: string) => void): number {
  if (error instanceof UsageError) {
    const advice = error.advice === undefined ? '' : `\n  ${error.advice}`;
    write(`${error.message}${advice}\nRun \`npx reel --help\` for usage.\n`);
    return 2;
  }
  const info = toErrorInfo(error);
  write(`✖ ${info.code}: ${info.message}\n  advice: ${info.advice}\n`);
  return 1;
}
