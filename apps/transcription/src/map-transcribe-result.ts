import { InternalError } from '@reel/error-taxonomy';
import type { RecognizedWord } from '@reel/transcript';
import * as z from 'zod';

// Only what the mapping reads; Transcribe adds fields (audio_segments, speaker labels) over time.
const transcribeItemSchema = z.object({
  type: z.enum(['pronunciation', 'punctuation']),
  start_time: z.string().optional(),
  end_time: z.string().optional(),
  alternatives: z.array(z.object({ confidence: z.string(), content: z.string() })).min(1),
});

const transcribeResultSchema = z.object({
  results: z.object({
    transcripts: z.array(z.object({ transcript: z.string() })),
    items: z.array(transcribeItemSchema),
  }),
});

const secondsText = z
  .string()
  .regex(/^\d+(?:\.\d+)?$/)
  .transform((text) => Math.round(Number(text) * 1000));

/**
 * The words of an AWS Transcribe result document (`results.items`), in order: each
 * `pronunciation` item's first alternative becomes a word with its times (strings of seconds) and
 * confidence; a `punctuation` item is attached to the word before it (`podcast` + `.` →
 * `podcast.`). A document of another shape is an InternalError naming the field. Pure.
 *
 * @example
 * mapTranscribeResult(JSON.parse(await (await fetch(transcriptFileUri)).text()));
 * // → [{ text: 'Welcome', startMs: 510, endMs: 980, confidence: 0.999 }, …]
 */
export function mapTranscribeResult(document: unknown): RecognizedWord[] {
  const parsed = transcribeResultSchema.safeParse(document);
  if (!parsed.success) throw unreadable(parsed.error.issues[0]);
  const words: RecognizedWord[] = [];
  parsed.data.results.items.forEach((item, index) => {
    const [best] = item.alternatives;
    if (best === undefined) return;
    if (item.type === 'punctuation') {
      const previous = words.at(-1);
      if (previous !== undefined) previous.text += best.content;
      return;
    }
    const startMs = secondsText.safeParse(item.start_time);
    const endMs = secondsText.safeParse(item.end_time);
    if (!startMs.success || !endMs.success) {
      throw unreadable({
        path: ['results', 'items', index, 'start_time'],
        message: 'a pronunciation needs start_time and end_time in seconds',
      });
    }
    words.push({
      text: best.content,
      startMs: startMs.data,
      endMs: endMs.data,
      confidence: Number(best.confidence),
    });
  });
  return words;
}

function unreadable(issue: { path: PropertyKey[]; message: string } | undefined): InternalError {
  const fieldPath = issue?.path.map(String).join('.') ?? '';
  return new InternalError(
    `AWS Transcribe returned a result this service cannot read (${fieldPath}: ${issue?.message ?? 'invalid'})`,
    { details: { fieldPath } },
  );
}
