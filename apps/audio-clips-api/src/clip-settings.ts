import { ConfigInvalidError } from '@reel/error-taxonomy';
import * as z from 'zod';
import { MAX_CLIP_DURATION_MS } from './clip-request';

/** The audio-clips API's own settings (the shared ones come from @reel/config). */
export interface ClipSettings {
  /** Clips longer than this are refused (400). `AUDIO_CLIPS_MAX_DURATION_MS`, default 10 min. */
  maxClipDurationMs: number;
  /** ffmpeg runs at once in one process; a miss past it is 429. `AUDIO_CLIPS_MAX_CONCURRENT`, default 2. */
  maxConcurrentCuts: number;
  /** How long a cut clip is kept (its record expires with it). `AUDIO_CLIPS_RETENTION_HOURS`, default 168. */
  retentionHours: number;
}

const integerVariable = (fallback: number, { min, max }: { min: number; max: number }) =>
  z
    .string()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.int().min(min).max(max))
    .optional()
    .transform((value) => value ?? fallback);

const settingsSchema = z.object({
  AUDIO_CLIPS_MAX_DURATION_MS: integerVariable(MAX_CLIP_DURATION_MS, {
    min: 1,
    max: MAX_CLIP_DURATION_MS,
  }),
  AUDIO_CLIPS_MAX_CONCURRENT: integerVariable(2, { min: 1, max: 64 }),
  // At least 25 h: a URL minted from a clip stays valid 24 h, so the clip must outlive it.
  AUDIO_CLIPS_RETENTION_HOURS: integerVariable(168, { min: 25, max: 24 * 366 }),
});

/**
 * Reads the API's settings from the environment once, at start-up; a malformed value is a
 * ConfigInvalidError naming the variable.
 *
 * @example
 * const settings = loadClipSettings(process.env);
 */
export function loadClipSettings(env: Readonly<Record<string, string | undefined>>): ClipSettings {
  const values = Object.fromEntries(
    Object.keys(settingsSchema.shape).map((name) => [name, env[name]?.trim() || undefined]),
  );
  const parsed = settingsSchema.safeParse(values);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map(({ path }) => String(path[0])))];
    throw new ConfigInvalidError(
      `Invalid configuration: ${names.join(', ')} out of range or not a whole number`,
      {
        details: { variables: names },
        advice: `Fix ${names.join(', ')}; apps/audio-clips-api/README.md lists the settings.`,
      },
    );
  }
  return {
    maxClipDurationMs: parsed.data.AUDIO_CLIPS_MAX_DURATION_MS,
    maxConcurrentCuts: parsed.data.AUDIO_CLIPS_MAX_CONCURRENT,
    retentionHours: parsed.data.AUDIO_CLIPS_RETENTION_HOURS,
  };
}
