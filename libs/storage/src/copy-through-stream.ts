import type { CopyFromOptions, MediaStorage, StoredObject } from './media-storage';

/**
 * `copyFrom` when no server-side copy applies (local to local, across backends or endpoints): the
 * source streamed into the target's `putStream`, which writes atomically, with the source's
 * content type. Copying a key onto itself in the same storage changes nothing and is skipped.
 *
 * @example
 * return copyThroughStream({ target: storage, source, sourceKey, key, signal });
 */
export async function copyThroughStream({
  target,
  source,
  sourceKey,
  key,
  signal,
}: CopyFromOptions & { target: MediaStorage }): Promise<StoredObject> {
  const described = await source.head({ key: sourceKey });
  if (source === target && sourceKey === key) return described;
  const body = await source.getStream({ key: sourceKey, signal });
  return target.putStream({
    key,
    body,
    ...(described.contentType === undefined ? {} : { contentType: described.contentType }),
    ...(signal === undefined ? {} : { signal }),
  });
}
