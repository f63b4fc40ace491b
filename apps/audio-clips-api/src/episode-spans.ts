import { Readable } from 'node:stream';
import { InputMissingError } from '@reel/error-taxonomy';
import type { ServiceObservability } from '@reel/observability';
import type { MediaStorage } from '@reel/storage';
import {
  createMp3SeekIndexScanner,
  findClipByteSpan,
  mp3SeekIndexSchema,
  type Mp3SeekIndex,
} from './mp3-seek-index';
import { readUrlRange } from './read-url-range';

/** How long a URL to the episode MP3 is valid: the range read uses it at once. */
const SOURCE_URL_EXPIRY_SEC = 300;
/** Indexes kept in memory per process (~35 KB each for a 60-min episode). */
const DEFAULT_MAX_CACHED_INDEXES = 32;

export interface ReadClipSpanOptions {
  mp3Key: string;
  startMs: number;
  endMs: number;
  /** Where the span's bytes are written (a scratch file). */
  path: string;
  signal?: AbortSignal;
}

export interface EpisodeSpans {
  /**
   * Writes the bytes of the episode MP3 that hold `[startMs, endMs)` to `path` (one range read)
   * and answers where the clip starts in them; undefined when the MP3 cannot be mapped to bytes
   * exactly (not reel's Layer III MP3): then the caller reads the whole file.
   */
  readClipSpan(options: ReadClipSpanOptions): Promise<{ startInSpanMs: number } | undefined>;
  /** Indexes kept in memory now. */
  readonly cachedIndexes: number;
}

/** `…/audio/audio.mp3` → `…/audio/audio.mp3.seek-index.json`: beside the MP3, gone with the job. */
export function seekIndexKey(mp3Key: string): string {
  return `${mp3Key}.seek-index.json`;
}

/**
 * An episode's seek index from memory, else from storage (beside the MP3), else built by
 * streaming the MP3 once and stored — one build per episode and process at a time, however many
 * cuts ask. A range read that finds the MP3 at another size (re-extracted) drops the index and
 * builds it again once.
 *
 * @example
 * const spans = createEpisodeSpans({ storage, logger });
 * const span = await spans.readClipSpan({ mp3Key, startMs: 12_345, endMs: 15_345, path: join(scratch, 'span.mp3') });
 */
export function createEpisodeSpans({
  storage,
  logger,
  maxCachedIndexes = DEFAULT_MAX_CACHED_INDEXES,
}: {
  storage: MediaStorage;
  logger?: ServiceObservability['logger'];
  maxCachedIndexes?: number;
}): EpisodeSpans {
  const cached = new Map<string, Mp3SeekIndex | undefined>();
  const building = new Map<string, Promise<Mp3SeekIndex | undefined>>();

  function remember(mp3Key: string, index: Mp3SeekIndex | undefined): void {
    cached.delete(mp3Key);
    cached.set(mp3Key, index);
    for (const oldest of cached.keys()) {
      if (cached.size <= maxCachedIndexes) break;
      cached.delete(oldest);
    }
  }

  async function loadStored(mp3Key: string): Promise<Mp3SeekIndex | undefined> {
    try {
      const stream = await storage.getStream({ key: seekIndexKey(mp3Key) });
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const parsed = mp3SeekIndexSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString()));
      return parsed.success ? parsed.data : undefined;
    } catch (error) {
      if (error instanceof InputMissingError || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  async function build(mp3Key: string, signal?: AbortSignal): Promise<Mp3SeekIndex | undefined> {
    const startedAt = performance.now();
    const scanner = createMp3SeekIndexScanner();
    let sourceBytes = 0;
    const stream = await storage.getStream({ key: mp3Key, ...(signal ? { signal } : {}) });
    for await (const chunk of stream) {
      sourceBytes += (chunk as Buffer).length;
      scanner.push(chunk as Buffer);
    }
    const index = scanner.finish(sourceBytes);
    if (index !== undefined) {
      await storage.putStream({
        key: seekIndexKey(mp3Key),
        body: Readable.from([Buffer.from(JSON.stringify(index))]),
        contentType: 'application/json',
      });
    }
    logger?.info('Seek index built', {
      mp3Key,
      sourceBytes,
      frames: index?.frameCount,
      mapped: index !== undefined,
      tookMs: Math.round(performance.now() - startedAt),
    });
    return index;
  }

  async function indexFor(
    mp3Key: string,
    { rebuild, signal }: { rebuild: boolean; signal?: AbortSignal },
  ): Promise<Mp3SeekIndex | undefined> {
    if (!rebuild && cached.has(mp3Key)) return cached.get(mp3Key);
    const inFlight = building.get(mp3Key);
    if (inFlight !== undefined) return inFlight;
    const loading = (async () => {
      const index =
        (rebuild ? undefined : await loadStored(mp3Key)) ?? (await build(mp3Key, signal));
      remember(mp3Key, index);
      return index;
    })().finally(() => building.delete(mp3Key));
    building.set(mp3Key, loading);
    return loading;
  }

  return {
    get cachedIndexes() {
      return cached.size;
    },
    async readClipSpan({ mp3Key, startMs, endMs, path, signal }) {
      for (const rebuild of [false, true]) {
        const index = await indexFor(mp3Key, { rebuild, ...(signal ? { signal } : {}) });
        if (index === undefined) return undefined;
        const { fromByte, toByte, startInSpanMs } = findClipByteSpan(index, { startMs, endMs });
        const sourceBytes = await readUrlRange({
          url: await storage.getUrl({ key: mp3Key, expiresInSec: SOURCE_URL_EXPIRY_SEC }),
          fromByte,
          toByte,
          path,
          label: mp3Key,
          ...(signal ? { signal } : {}),
        });
        if (sourceBytes === index.sourceBytes) return { startInSpanMs };
      }
      return undefined;
    },
  };
}
