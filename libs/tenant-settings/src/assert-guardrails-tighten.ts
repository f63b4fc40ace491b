import { GuardrailExceededError } from '@reel/error-taxonomy';
import type { TenantGuardrails } from './tenant-settings-schema';

type Limits = Required<TenantGuardrails>;

/** The platform's guardrails (`runtime.guardrails` / `DEFAULT_GUARDRAILS` of @reel/ffmpeg-runtime). */
export type PlatformGuardrails = {
  readonly [Name in keyof Limits]: Limits[Name] extends string[] ? readonly string[] : Limits[Name];
};

const limits = ['maxBytes', 'maxDurationSec', 'maxPixels', 'maxStreams'] as const;
const allowLists = [
  'allowedContainers',
  'allowedVideoCodecs',
  'allowedAudioCodecs',
  'allowedSubtitleCodecs',
] as const;

/**
 * Refuses overrides that would loosen the platform: a limit above the platform's, or a name the
 * platform does not allow. (The validate step tightens anyway; refusing at write time tells the
 * operator at once instead of storing a setting that silently does nothing.)
 *
 * @example
 * assertGuardrailsTighten({ guardrails: { maxDurationSec: 1800 }, platform: DEFAULT_GUARDRAILS });
 */
export function assertGuardrailsTighten({
  guardrails,
  platform,
}: {
  guardrails: TenantGuardrails;
  platform: PlatformGuardrails;
}): void {
  const loosened: string[] = [];
  for (const name of limits) {
    const requested = guardrails[name];
    if (requested !== undefined && requested > platform[name]) {
      loosened.push(`${name} ${requested} > platform ${platform[name]}`);
    }
  }
  for (const name of allowLists) {
    const extra = (guardrails[name] ?? []).filter((item) => !platform[name].includes(item));
    if (extra.length > 0) loosened.push(`${name} adds ${extra.join(', ')}`);
  }
  if (loosened.length > 0) {
    throw new GuardrailExceededError(
      `Tenant guardrails may only tighten the platform's: ${loosened.join('; ')}`,
      {
        details: { loosened },
        advice:
          "Choose limits at or below the platform's and names from its allow-lists; the platform's own limits change only in the deployment.",
      },
    );
  }
}
