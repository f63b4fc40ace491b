import { InvalidRequestError } from '@reel/error-taxonomy';
import { createRetryPolicy, retry, type RetryPolicy } from '@reel/retry-policy';
import { assertGuardrailsTighten, type PlatformGuardrails } from './assert-guardrails-tighten';
import type { TenantSettings } from './tenant-settings-schema';
import type { TenantSettingsStore } from './tenant-settings-store';

/** Settings have one or two writers (an operator, an API call): a few short rounds clear a conflict. */
const settingsUpdateRetryPolicy: RetryPolicy = createRetryPolicy({
  maxAttempts: 5,
  baseDelayMs: 20,
  maxDelayMs: 500,
  backoffRate: 2,
});

export interface UpdateTenantSettingsOptions {
  tenantId: string;
  /** Changes a copy of the current settings, or returns the new settings. Runs once per try. */
  mutate: (draft: TenantSettings) => void | TenantSettings;
  /** The platform's guardrails: overrides above them are refused (GuardrailExceededError). */
  platformGuardrails: PlatformGuardrails;
}

/**
 * Reads the tenant's settings (defaults when none are stored), applies `mutate` and stores the
 * result with the version it read, re-reading and re-applying after a concurrent write. Refuses
 * guardrail overrides that would loosen the platform's before anything is written.
 *
 * @example
 * await updateTenantSettings(store, {
 *   tenantId: 'acme',
 *   platformGuardrails: runtime.guardrails,
 *   mutate: (draft) => { draft.guardrails.maxDurationSec = 1800; },
 * });
 */
export async function updateTenantSettings(
  store: TenantSettingsStore,
  { tenantId, mutate, platformGuardrails }: UpdateTenantSettingsOptions,
): Promise<TenantSettings> {
  return retry(
    async () => {
      const current = await store.get(tenantId);
      const draft = structuredClone(current);
      const next = mutate(draft) ?? draft;
      if (next.tenantId !== current.tenantId || next.env !== current.env) {
        throw new InvalidRequestError('A settings update may not change tenantId or env', {
          details: { tenantId: current.tenantId, env: current.env },
        });
      }
      assertGuardrailsTighten({ guardrails: next.guardrails, platform: platformGuardrails });
      return store.put(next, { expectedVersion: current.version });
    },
    { policy: settingsUpdateRetryPolicy },
  );
}
