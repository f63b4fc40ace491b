import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const MIB = 1024 * 1024;

/**
 * `bytes` of reproducible noise in fresh 1 MiB chunks (xorshift32 seeded by `seed` and the chunk
 * number), hashed as they are produced: big objects are tested without ever holding them whole.
 */
export function deterministicStream({
  bytes,
  seed = 1,
  chunkBytes = MIB,
}: {
  bytes: number;
  seed?: number;
  chunkBytes?: number;
}): { stream: Readable; sha256: () => string } {
  const hash = createHash('sha256');
  function* chunks(): Generator<Buffer> {
    for (let offset = 0, index = 0; offset < bytes; offset += chunkBytes, index += 1) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, bytes - offset));
      let state = (seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0 || 1;
      const whole = chunk.length - (chunk.length % 4);
      for (let position = 0; position < whole; position += 4) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        chunk.writeUInt32LE(state >>> 0, position);
      }
      chunk.fill(index & 0xff, whole);
      hash.update(chunk);
      yield chunk;
    }
  }
  return {
    stream: Readable.from(chunks(), { objectMode: false }),
    sha256: () => hash.digest('hex'),
  };
}

/** Reads a stream to its end, keeping only a hash and a count. */
export async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Sends `bytesBeforeStall` bytes, then nothing more until `finish()` (end normally) or `fail()`
 * (error); `stalled` resolves once the bytes were read — a slow upload caught mid-way.
 */
export function stallingStream(bytesBeforeStall: number, tail = Buffer.from('tail')) {
  let markStalled: () => void = () => undefined;
  const stalled = new Promise<void>((resolve) => (markStalled = resolve));
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= bytesBeforeStall) return markStalled();
      const size = Math.min(256 * 1024, bytesBeforeStall - sent);
      sent += size;
      this.push(Buffer.alloc(size, 0x61));
    },
  });
  return {
    stream,
    stalled,
    finish: () => {
      stream.push(tail);
      stream.push(null);
    },
    fail: (error: Error) => stream.destroy(error),
  };
}
