/* Presigning helpers shared by the S3 backend's single-PUT and multipart upload URLs. */
/**
 * The SDK (≥ 3.729) adds a CRC32 of the request body to every PutObject; presigned, there is no body
 * yet, so the URL would carry the checksum of zero bytes (`x-amz-checksum-crc32=AAAAAA==`), which
 * S3-compatible servers check against the real upload (aws/aws-sdk-js-v3#6994). Dropped before
 * signing, so the URL works whatever the client's `requestChecksumCalculation`.
 */
export function withoutEmptyBodyChecksum<Args extends { request: unknown }, Result>(
  next: (args: Args) => Promise<Result>,
): (args: Args) => Promise<Result> {
  return async (args) => {
    const { request } = args;
    if (request !== null && typeof request === 'object' && 'headers' in request) {
      const headers = request.headers as Record<string, string>;
      for (const name of Object.keys(headers)) {
        const lower = name.toLowerCase();
        if (lower.startsWith('x-amz-checksum-') || lower === 'x-amz-sdk-checksum-algorithm') {
          delete headers[name];
        }
      }
    }
    return next(args);
  };
}

/** The middleware options that put {@link withoutEmptyBodyChecksum} after the SDK's checksum step. */
export const withoutEmptyBodyChecksumPlacement = {
  name: 'reelWithoutEmptyBodyChecksum',
  relation: 'after',
  toMiddleware: 'flexibleChecksumsMiddleware',
} as const;
