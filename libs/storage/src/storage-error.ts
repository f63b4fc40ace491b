import {
  InputMissingError,
  TimeoutError,
  errorClasses,
  isReelError,
  toReelError,
  type ErrorDetails,
  type ReelError,
} from '@reel/error-taxonomy';

export interface StorageErrorContext {
  error: unknown;
  backend: 'local' | 'aws';
  /** What was being done, as a verb phrase for the message: `'write'`, `'read'`, `'delete'`. */
  operation: string;
  key: string;
  signal?: AbortSignal;
  /** More facts for operators (e.g. an upload id that could not be aborted). */
  details?: ErrorDetails;
}

/**
 * Turns an fs or SDK failure into a taxonomy error that names the backend, operation and key.
 * Errors that are already typed (a bad key) pass through; an aborted signal wins over whatever
 * the abort caused; a missing object is always {@link InputMissingError}.
 *
 * @example
 * try { await stat(path) } catch (error) { throw toStorageError({ error, backend: 'local', operation: 'head', key }) }
 */
export function toStorageError({
  error,
  backend,
  operation,
  key,
  signal,
  details: moreDetails,
}: StorageErrorContext): ReelError {
  const details = { ...moreDetails, backend, operation, key };
  if (signal?.aborted) {
    return new TimeoutError(`Storage ${operation} of "${key}" was aborted`, {
      cause: signal.reason ?? error,
      details,
    });
  }
  if (isReelError(error)) return error;
  const mapped = toReelError(error);
  if (mapped instanceof InputMissingError) {
    return new InputMissingError(`No object at "${key}" (${backend} storage)`, {
      cause: error,
      details,
    });
  }
  return new errorClasses[mapped.type](
    `Storage ${operation} of "${key}" failed: ${mapped.message}`,
    {
      cause: error,
      details,
    },
  );
}

/**
 * `exists` for every backend: true when `head` finds the object, false when it is missing; any
 * other failure (a bad key, a denied request) still throws.
 *
 * @example
 * const found = await existsFromHead(storage.head({ key }));
 */
export async function existsFromHead(described: Promise<unknown>): Promise<boolean> {
  return described.then(
    () => true,
    (error: unknown) => {
      if (error instanceof InputMissingError) return false;
      throw error;
    },
  );
}
