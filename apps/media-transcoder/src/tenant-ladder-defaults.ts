import type { TranscodeOptionsInput } from '@reel/media-types';
import type { TenantSettings } from '@reel/tenant-settings';

/** The tenant's ladder defaults as a partial transcode-options document. */
export function tenantLadderDefaults(tenant: TenantSettings): TranscodeOptionsInput {
  return tenant.ladder;
}
