import { ID_PATTERN } from '@reel/storage';
import * as z from 'zod';

/** The longest clip the API cuts, unless the environment sets a shorter limit (10 min). */
export const MAX_CLIP_DURATION_MS = 600_000;
/** No episode is longer than a day: a larger start is refused before any lookup. */
export const MAX_START_TIME_MS = 86_400_000;

/** A whole number of milliseconds as a query string: digits only, no sign, no fraction, no exponent. */
const milliseconds = (name: string, { min, max }: { min: number; max: number }) =>
  z
    .string()
    .regex(
      /^\d{1,9}$/,
      `${name} must be a whole number of milliseconds (digits only, at most ${max})`,
    )
    .transform(Number)
    .pipe(
      z
        .int()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    );

export const clipPathSchema = z.object({
  episode_id: z
    .string()
    .regex(ID_PATTERN, 'episode_id must be a reel job id (a-z, 0-9, _ and -, up to 63 characters)')
    .describe('The episode: a job of the tenant whose audio has been extracted'),
});

export const clipQuerySchema = z.object({
  start_time_ms: milliseconds('start_time_ms', { min: 0, max: MAX_START_TIME_MS }).describe(
    'Where the clip starts, in milliseconds from the start of the episode',
  ),
  duration_ms: milliseconds('duration_ms', { min: 1, max: MAX_CLIP_DURATION_MS }).describe(
    'How long the clip lasts, in milliseconds (at most 10 minutes)',
  ),
});

export const clipResponseSchema = z.object({
  clip_url: z.url().describe('The MP3 clip; valid for 24 hours'),
  cache_hit: z.boolean().describe('Whether the clip was already cut before this request'),
  generation_time_ms: z
    .int()
    .nonnegative()
    .describe('How long this request took to have the clip ready, in milliseconds'),
});

export type ClipResponse = z.output<typeof clipResponseSchema>;
