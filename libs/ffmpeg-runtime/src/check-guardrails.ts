import { GuardrailExceededError, UnsupportedMediaError } from '@reel/error-taxonomy';
import type { Guardrails } from './guardrails';
import type { ProbeStreamType, ProbeSummary } from '@reel/media-types';

const codecLists = {
  video: 'allowedVideoCodecs',
  audio: 'allowedAudioCodecs',
  subtitle: 'allowedSubtitleCodecs',
} as const satisfies Partial<Record<ProbeStreamType, keyof Guardrails>>;

/**
 * Checks a probed input against guardrails before any work starts. Throws UnsupportedMediaError
 * for a container or codec off the allow-lists or an input without audio or video, and
 * GuardrailExceededError when bytes, duration, pixels or stream count pass their limit. Both carry
 * `details` naming the guardrail, the limit and the actual value.
 *
 * @example
 * const summary = await runtime.probe({ input });
 * checkGuardrails(summary, resolveGuardrails(tenant.guardrails));
 */
export function checkGuardrails(summary: ProbeSummary, guardrails: Guardrails): void {
  const containers = summary.formatName.split(',');
  if (!containers.some((name) => guardrails.allowedContainers.includes(name))) {
    throw new UnsupportedMediaError(`The container ${summary.formatName} is not allowed`, {
      details: {
        guardrail: 'allowedContainers',
        actual: summary.formatName,
        limit: [...guardrails.allowedContainers],
      },
    });
  }
  assertAtMost('maxStreams', summary.streams.length, guardrails.maxStreams, 'streams');
  if (!summary.streams.some(({ type }) => type === 'video' || type === 'audio')) {
    throw new UnsupportedMediaError('The input has no audio or video stream', {
      details: { actual: summary.streams.map(({ type }) => type).join(',') },
    });
  }
  for (const stream of summary.streams) {
    const listName = codecListOf(stream.type);
    if (listName && !guardrails[listName].includes(stream.codecName)) {
      throw new UnsupportedMediaError(
        `The ${stream.type} codec ${stream.codecName} (stream ${stream.index}) is not allowed`,
        {
          details: {
            guardrail: listName,
            stream: stream.index,
            actual: stream.codecName,
            limit: [...guardrails[listName]],
          },
        },
      );
    }
  }
  assertAtMost('maxBytes', summary.sizeBytes, guardrails.maxBytes, 'bytes');
  // A container may claim 1 s while a stream claims hours: the longest claim is the one to bound.
  const longestClaimSec = Math.max(
    summary.durationSec,
    ...summary.streams.map(({ durationSec = 0 }) => durationSec),
  );
  assertAtMost('maxDurationSec', longestClaimSec, guardrails.maxDurationSec, 'seconds');
  const pixels = Math.max(0, ...summary.streams.map(({ width = 0, height = 0 }) => width * height));
  assertAtMost('maxPixels', pixels, guardrails.maxPixels, 'pixels per frame');
}

function codecListOf(
  type: ProbeStreamType,
): (typeof codecLists)[keyof typeof codecLists] | undefined {
  return type === 'video' || type === 'audio' || type === 'subtitle' ? codecLists[type] : undefined;
}

/**
 * Throws GuardrailExceededError when `actual` passes `limit`; also used before a probe exists
 * (the file size from `stat`).
 *
 * @example
 * assertAtMost('maxBytes', stats.size, guardrails.maxBytes, 'bytes');
 */
export function assertAtMost(
  guardrail: 'maxBytes' | 'maxDurationSec' | 'maxPixels' | 'maxStreams',
  actual: number,
  limit: number,
  unit: string,
): void {
  if (actual > limit) {
    throw new GuardrailExceededError(
      `The input has ${actual} ${unit}, more than the ${limit} allowed (${guardrail})`,
      { details: { guardrail, actual, limit } },
    );
  }
}
