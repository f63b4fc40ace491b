import type { RenderOptionsInput } from '@reel/media-types';
import type { TenantSettings } from '@reel/tenant-settings';

/** The tenant's render defaults as a partial render-options document. */
export function tenantRenderDefaults(tenant: TenantSettings): RenderOptionsInput {
  return tenant.render;
}
