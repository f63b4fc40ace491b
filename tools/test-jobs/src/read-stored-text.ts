import type { MediaStorage } from '@reel/storage';

/**
 * A stored object's content as UTF-8 text (plans, transcripts, subtitles, edit lists).
 *
 * @example
 * const plan = JSON.parse(await readStoredText(storage, 'dev/acme/ep-42/plan/cut-plan.json'));
 */
export async function readStoredText(storage: MediaStorage, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.getStream({ key })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
