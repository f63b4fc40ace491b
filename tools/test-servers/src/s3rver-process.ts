// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- dynalite and s3rver ship no types; the declaration travels with the harness into every project that imports it
/// <reference path="./s3rver.d.ts" />
// The s3rver process behind `startS3rver`: forked with `--openssl-legacy-provider` (s3rver 3.7
// encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 only has in its legacy
// provider — jamhall/s3rver#818), so the test process itself needs no special flag. It answers
// `{ port }` once listening and stops on `stop` or when its parent goes away.
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3rverProcessTask {
  directory: string;
  bucket: string;
}

export type S3rverProcessMessage = { type: 'listening'; port: number } | { type: 'stopped' };

/** s3rver keeps an in-progress multipart upload as `{dir}/{bucket}/._S3rver_uploads/{uploadId}/`. */
function uploadsDirectory(directory: string, bucket: string): string {
  return join(directory, bucket, '._S3rver_uploads');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * s3rver 3.7 answers AbortMultipartUpload and ListParts with MethodNotAllowed and
 * ListMultipartUploads with NotImplemented. These handlers fill the gap over s3rver's own upload store, so the storage
 * lib's abort really removes the parts and the tests can ask, through the SDK, what is left.
 */
function withMultipartAdmin(s3rverListener: RequestListener, directory: string): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const [, bucket = '', ...keySegments] = url.pathname.split('/');
    const uploadId = url.searchParams.get('uploadId');
    if (request.method === 'DELETE' && uploadId !== null && /^[\w-]+$/.test(uploadId)) {
      void rm(join(uploadsDirectory(directory, bucket), uploadId), {
        recursive: true,
        force: true,
      }).then(() => {
        response.writeHead(204).end();
      });
      return;
    }
    if (
      request.method === 'GET' &&
      keySegments.join('') === '' &&
      url.searchParams.has('uploads')
    ) {
      void listUploads(directory, bucket).then((uploads) => {
        const entries = uploads
          .map(
            ({ key, id }) =>
              `<Upload><Key>${escapeXml(key)}</Key><UploadId>${id}</UploadId></Upload>`,
          )
          .join('');
        response.writeHead(200, { 'content-type': 'application/xml' });
        response.end(
          `<?xml version="1.0" encoding="UTF-8"?><ListMultipartUploadsResult><Bucket>${escapeXml(bucket)}</Bucket><IsTruncated>false</IsTruncated>${entries}</ListMultipartUploadsResult>`,
        );
      });
      return;
    }
    if (request.method === 'GET' && keySegments.join('') !== '' && uploadId !== null) {
      void answerListParts(response, directory, bucket, uploadId);
      return;
    }
    s3rverListener(request, response);
  };
}

/** ListParts over s3rver's upload store: each part is a file `{n}` with its MD5 in `{n}.md5`. */
async function answerListParts(
  response: ServerResponse,
  directory: string,
  bucket: string,
  uploadId: string,
): Promise<void> {
  const uploadDir = join(uploadsDirectory(directory, bucket), uploadId);
  const names = /^[\w-]+$/.test(uploadId)
    ? await readdir(uploadDir).catch(() => undefined)
    : undefined;
  if (names === undefined) {
    response.writeHead(404, { 'content-type': 'application/xml' });
    response.end(
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>',
    );
    return;
  }
  const numbers = names
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((left, right) => left - right);
  const parts = await Promise.all(
    numbers.map(async (partNumber) => {
      const [md5, { size }] = await Promise.all([
        readFile(join(uploadDir, `${partNumber}.md5`), 'utf8'),
        stat(join(uploadDir, String(partNumber))),
      ]);
      return `<Part><PartNumber>${partNumber}</PartNumber><ETag>&quot;${escapeXml(md5.trim())}&quot;</ETag><Size>${size}</Size></Part>`;
    }),
  );
  response.writeHead(200, { 'content-type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${escapeXml(bucket)}</Bucket><UploadId>${escapeXml(uploadId)}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`,
  );
}

async function listUploads(
  directory: string,
  bucket: string,
): Promise<{ key: string; id: string }[]> {
  const ids = await readdir(uploadsDirectory(directory, bucket)).catch(() => [] as string[]);
  return Promise.all(
    ids.map(async (id) => ({
      id,
      key: await readFile(join(uploadsDirectory(directory, bucket), id, 'key'), 'utf8'),
    })),
  );
}

const task = JSON.parse(process.argv[2] ?? '{}') as S3rverProcessTask;
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: task.directory,
  configureBuckets: [{ name: task.bucket }],
});
const { port } = await server.run();
server.logger.silent = true;
const [s3rverListener] = server.httpServer.listeners('request') as RequestListener[];
if (s3rverListener === undefined) throw new Error('s3rver registered no request listener');
server.httpServer.removeAllListeners('request');
server.httpServer.on('request', withMultipartAdmin(s3rverListener, task.directory));

async function stop(): Promise<void> {
  server.httpServer.closeAllConnections();
  await server.close();
  process.send?.({ type: 'stopped' } satisfies S3rverProcessMessage);
  process.disconnect();
}

process.once('message', () => void stop());
process.once('disconnect', () => process.exit(0));
process.send?.({ type: 'listening', port } satisfies S3rverProcessMessage);
