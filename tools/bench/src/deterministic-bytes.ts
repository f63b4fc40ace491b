import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * `bytes` of reproducible noise in fresh 1 MiB chunks (xorshift32 per chunk), hashed as produced,
 * so 300 MB flow without a 300 MB buffer.
 */
export function deterministicStream(bytes: number): { stream: Readable; sha256: () => string } {
  const chunkBytes = 1024 * 1024;
  const hash = createHash('sha256');
  function* chunks(): Generator<Buffer> {
    for (let offset = 0, index = 0; offset < bytes; offset += chunkBytes, index += 1) {
      const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, bytes - offset));
      let state = (0x9e3779b1 + index * 0x85ebca6b) >>> 0 || 1;
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
  return { stream: Readable.from(chunks()), sha256: () => hash.digest('hex') };
}

/** Reads a stream to its end, keeping only a hash and a byte count. */
export async function sha256Of(stream: Readable): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
