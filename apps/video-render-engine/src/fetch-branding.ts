import { extname, join } from 'node:path';
import type { RenderOptions } from '@reel/media-types';
import { buildBrandingKey, type MediaStorage } from '@reel/storage';
import type { Branding } from '@reel/tenant-settings';

/** The branding files a render uses, downloaded into its scratch dir. */
export interface BrandingFiles {
  watermark?: { key: string; path: string };
  intro?: { key: string; path: string };
  outro?: { key: string; path: string };
}

/**
 * Which branding assets the options ask for (an `asset` named in the options, else the tenant's
 * key; `use: false` turns one off), downloaded into the scratch dir. The assets were probed and
 * checked when the tenant set them; a missing object is storage's InputMissingError.
 *
 * @example
 * const files = await fetchBranding({ options, branding: tenant.branding, env, tenantId, storage, scratchDir, signal });
 */
export async function fetchBranding({
  options,
  branding,
  env,
  tenantId,
  storage,
  scratchDir,
  signal,
}: {
  options: Pick<RenderOptions, 'watermark' | 'intro' | 'outro'>;
  branding: Branding;
  env: string;
  tenantId: string;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<BrandingFiles> {
  const keyOf = (
    { use, asset }: { use: boolean; asset?: string },
    tenantKey: string | undefined,
  ): string | undefined => {
    if (!use) return undefined;
    return asset === undefined ? tenantKey : buildBrandingKey({ env, tenantId, name: asset });
  };
  const wanted = {
    watermark: keyOf(options.watermark, branding.watermarkKey ?? branding.logoKey),
    intro: keyOf(options.intro, branding.introKey),
    outro: keyOf(options.outro, branding.outroKey),
  };
  const files: BrandingFiles = {};
  for (const [name, key] of Object.entries(wanted) as [keyof BrandingFiles, string | undefined][]) {
    if (key === undefined) continue;
    const extension = extname(key).toLowerCase();
    const path = join(scratchDir, `${name}${/^\.[a-z0-9]{1,5}$/.test(extension) ? extension : ''}`);
    await storage.getToFile({ key, path, signal });
    files[name] = { key, path };
  }
  return files;
}
