import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReelConfig } from '@reel/config';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { parseUploadKey } from '@reel/storage';

export interface SourceUrlOwner {
  env: string;
  tenantId: string;
}

/**
 * The upload-area key a `POST /videos` `sourceUrl` names, checked to lie in the caller's area
 * (`{env}/{tenantId}/{folder}/{fileName}`, what `buildUploadKey` makes): `s3://{REEL_UPLOAD_BUCKET}/{key}`
 * on AWS, `file://{REEL_UPLOAD_PATH}/{key}` locally (the upload area is a folder there). Another
 * bucket or folder, another env or tenant, a key of another shape: InvalidRequestError (400) —
 * the same answer for all, so a caller learns nothing about other tenants' objects.
 *
 * @example
 * sourceKeyFromUrl('s3://reel-uploads/dev/acme/v1/talk.mp4', config, { env: 'dev', tenantId: 'acme' });
 * // → 'dev/acme/v1/talk.mp4'
 */
export function sourceKeyFromUrl(
  sourceUrl: string,
  config: ReelConfig,
  { env, tenantId }: SourceUrlOwner,
): string {
  const area =
    config.backend === 'aws'
      ? `s3://${config.uploadBucket ?? '(REEL_UPLOAD_BUCKET unset)'}/${env}/${tenantId}/`
      : `file://${config.uploadPath ?? '(REEL_UPLOAD_PATH unset)'}/${env}/${tenantId}/`;
  const refuse = (reason: string, cause?: unknown) =>
    new InvalidRequestError(`sourceUrl is not an object of your upload area: ${reason}`, {
      ...(cause === undefined ? {} : { cause }),
      details: { field: 'sourceUrl' },
      advice: `Give a URL under ${area}…, where POST /videos upload URLs put files.`,
    });
  let key: string;
  if (config.backend === 'aws') {
    const prefix = `s3://${config.uploadBucket}/`;
    if (config.uploadBucket === undefined || !sourceUrl.startsWith(prefix)) {
      throw refuse('another bucket or scheme');
    }
    key = sourceUrl.slice(prefix.length);
  } else {
    if (config.uploadPath === undefined || !sourceUrl.startsWith('file://')) {
      throw refuse('not a file:// URL of the upload folder');
    }
    let path: string;
    try {
      path = resolve(fileURLToPath(sourceUrl));
    } catch (error) {
      throw refuse('not a file URL', error);
    }
    const root = resolve(config.uploadPath) + sep;
    if (!path.startsWith(root)) throw refuse('outside the upload folder');
    key = path.slice(root.length).split(sep).join('/');
  }
  let parsed: ReturnType<typeof parseUploadKey>;
  try {
    parsed = parseUploadKey(key);
  } catch (error) {
    throw refuse('not an upload key ({env}/{tenant}/{folder}/{fileName})', error);
  }
  if (parsed.env !== env || parsed.tenantId !== tenantId) throw refuse('another tenant’s area');
  return key;
}
