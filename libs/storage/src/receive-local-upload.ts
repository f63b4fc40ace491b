import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform } from 'node:stream';
import {
  InvalidRequestError,
  PayloadTooLargeError,
  PermissionDeniedError,
} from '@reel/error-taxonomy';
import type { Readable } from 'node:stream';

/** Thrown for a PUT without `Content-Length` (chunked): answered 411, not the class's 400. */
export class LengthRequiredError extends InvalidRequestError {
  constructor(key: string) {
    super(`The upload of "${key}" must declare its Content-Length (chunked uploads are refused)`, {
      details: { key },
      advice: 'Send the file with a Content-Length header equal to the size the URL was made for.',
    });
    this.name = 'LengthRequiredError';
  }
}

/**
 * Passes at most `signedBytes` through and fails the moment one byte more arrives, or at the end
 * when fewer came: the body a signed PUT URL allows, whatever the headers claimed.
 */
function exactLength(signedBytes: number, key: string): Transform {
  let receivedBytes = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      receivedBytes += chunk.length;
      if (receivedBytes > signedBytes) {
        callback(
          new PayloadTooLargeError(
            `The upload of "${key}" is over its signed ${signedBytes} bytes`,
            {
              details: { key, signedBytes, receivedBytes },
            },
          ),
        );
        return;
      }
      callback(null, chunk);
    },
    flush(callback) {
      if (receivedBytes === signedBytes) return callback();
      callback(
        new InvalidRequestError(
          `The upload of "${key}" ended after ${receivedBytes} of its ${signedBytes} bytes`,
          { details: { key, signedBytes, receivedBytes } },
        ),
      );
    },
  });
}

/**
 * Answers a verified PUT: the declared `Content-Length` must equal the signed one (over it → 413
 * before a byte is read, under it → 403, absent → 411), and the body is streamed through a counter
 * into `write` (the storage's `putStream`, or a multipart part), which writes a temp file and
 * renames it only once every byte is there.
 * So a refused, short or aborted upload leaves neither the object nor a temp file. The stored
 * content type comes from the key's extension, never from the request.
 */
export async function receiveLocalUpload({
  request,
  response,
  write,
  key,
  signedBytes,
}: {
  request: IncomingMessage;
  response: ServerResponse;
  /** Stores the counted body atomically (the storage's `putStream`, or a multipart part). */
  write: (body: Readable) => Promise<{ etag?: string }>;
  key: string;
  signedBytes: number;
}): Promise<void> {
  const declared = request.headers['content-length'];
  if (declared === undefined || request.headers['transfer-encoding'] !== undefined) {
    throw new LengthRequiredError(key);
  }
  const declaredBytes = Number(declared);
  if (declaredBytes > signedBytes) {
    throw new PayloadTooLargeError(
      `The upload of "${key}" declares ${declaredBytes} bytes; its URL allows ${signedBytes}`,
      { details: { key, signedBytes, declaredBytes } },
    );
  }
  if (declaredBytes !== signedBytes) {
    throw new PermissionDeniedError(
      `The upload of "${key}" declares ${declaredBytes} bytes; its URL is signed for exactly ${signedBytes}`,
      { details: { key, signedBytes, declaredBytes, reason: 'length-mismatch' } },
    );
  }
  // Mounted on the server's 'checkContinue' too, a client that asked (curl does above 1 MiB) sends
  // its body only now, after the checks above; a refused one never sends it.
  if (/^100-continue$/i.test(request.headers.expect ?? '')) response.writeContinue();
  const counted = exactLength(signedBytes, key);
  request.once('error', (error) => counted.destroy(error));
  request.once('aborted', () => counted.destroy(new InvalidRequestError('Upload aborted')));
  const stored = await write(request.pipe(counted));
  if (stored.etag !== undefined) response.setHeader('ETag', `"${stored.etag}"`);
  response.writeHead(200, { 'Content-Length': 0 }).end();
}
