import { errorClasses, isReelError } from '@reel/error-taxonomy';

/**
 * The same error naming the input as the user knows it (the upload's file name or storage key):
 * the scratch path(s) ffmpeg saw are replaced by `inputLabel` in the message, or the message is
 * prefixed with it when it names no path ("talk.mp4: The input has 20 streams…"). The paths stay
 * in `details.input`, ffmpeg's own words in `details.stderrTail`. Anything but a ReelError, or no
 * label, is returned as it is.
 *
 * @example
 * throw relabelError(error, { input: '/tmp/reel-x1/input.mp4', inputLabel: 'talk.mp4' });
 */
export function relabelError(
  error: unknown,
  { input, inputLabel }: { input: string | readonly string[]; inputLabel: string | undefined },
): unknown {
  if (inputLabel === undefined || !isReelError(error)) return error;
  const paths = (typeof input === 'string' ? [input] : [...input]).sort(
    (a, b) => b.length - a.length,
  );
  const named = paths.reduce(
    (message, path) => message.replaceAll(path, inputLabel),
    error.message,
  );
  return new errorClasses[error.type](
    named === error.message ? `${inputLabel}: ${error.message}` : named,
    {
      cause: error,
      advice: error.advice,
      details: { ...error.details, input: error.details['input'] ?? paths[0], inputLabel },
    },
  );
}
