import { extname, resolve } from 'node:path';
import type { ReelConfig } from '@reel/config';
import {
  DEFAULT_GUARDRAILS,
  createFfmpegRuntime,
  tightenGuardrails,
  withScratchDir,
} from '@reel/ffmpeg-runtime';
import {
  WATERMARK_MAX_BYTES,
  checkBrandingAsset,
  type BrandingAssetKind,
  type BrandingAssetSummary,
} from '@reel/render-timeline';
import { buildBrandingKey, type MediaStorage } from '@reel/storage';
import {
  updateTenantSettings,
  type Branding,
  type TenantSettings,
  type TenantSettingsStore,
} from '@reel/tenant-settings';
import { formatBytes, formatTable } from '../format';
import { UsageError } from '../usage-error';
import { copyBrandingFile } from './copy-branding-file';

const assetKinds = ['watermark', 'intro', 'outro'] as const satisfies BrandingAssetKind[];
const settingsFields = {
  watermark: 'watermarkKey',
  intro: 'introKey',
  outro: 'outroKey',
} as const satisfies Record<BrandingAssetKind, keyof Branding>;

export const brandingOptions = {
  watermark: { type: 'string' },
  intro: { type: 'string' },
  outro: { type: 'string' },
  clear: { type: 'string', multiple: true },
} as const;

interface BrandingRequest {
  files: Array<{ kind: BrandingAssetKind; path: string }>;
  clear: BrandingAssetKind[];
}

/** A checked asset, ready to store under its key. */
interface CheckedAsset {
  kind: BrandingAssetKind;
  path: string;
  key: string;
  summary: BrandingAssetSummary;
}

/**
 * `reel tenant branding`: copies each file given into a scratch directory in one read (a regular
 * file only: links, folders, pipes and devices are refused), checks the copy (nothing is stored
 * when one fails), uploads that same copy
 * under `{env}/{tenant}/branding/{kind}-{content hash}{ext}` (a new content never overwrites
 * the file a running render reads), records the keys (and `--clear`s) in one settings update,
 * and returns what it set, for a person.
 */
export async function setTenantBranding({
  values,
  tenantId,
  config,
  storage,
  store,
}: {
  values: Record<string, unknown>;
  tenantId: string;
  config: ReelConfig;
  storage: MediaStorage;
  store: TenantSettingsStore;
}): Promise<{ settings: TenantSettings; report: string }> {
  const request = readBrandingRequest(values);
  const runtime = createFfmpegRuntime({
    ffmpegPath: config.ffmpegPath,
    ffprobePath: config.ffprobePath,
  });
  const current = await store.get(tenantId);
  const uploadMaxBytes = tightenGuardrails(DEFAULT_GUARDRAILS, current.guardrails).maxBytes;
  // The copies live until they are uploaded: what was checked and hashed is what is stored.
  return withScratchDir(
    async (dir) => {
      const checked: CheckedAsset[] = [];
      for (const { kind, path } of request.files) {
        const label = values[kind] as string;
        const copy = await copyBrandingFile({
          path,
          label,
          kind,
          dir,
          maxBytes: kind === 'watermark' ? WATERMARK_MAX_BYTES : uploadMaxBytes,
        });
        const summary = await checkBrandingAsset({
          runtime,
          path: copy.path,
          kind,
          inputLabel: label,
          guardrails: current.guardrails,
        });
        const name = `${kind}-${copy.sha256.slice(0, 12)}${extensionFor(summary, path)}`;
        checked.push({
          kind,
          path: copy.path,
          summary,
          key: buildBrandingKey({ env: current.env, tenantId, name }),
        });
      }
      const settings = await storeChecked({
        checked,
        clear: request.clear,
        tenantId,
        storage,
        store,
      });
      return { settings, report: describeChanges(checked, request.clear) };
    },
    { prefix: 'reel-branding-' },
  );
}

/** Uploads the checked copies and records their keys in one settings update, or neither. */
async function storeChecked({
  checked,
  clear,
  tenantId,
  storage,
  store,
}: {
  checked: CheckedAsset[];
  clear: BrandingAssetKind[];
  tenantId: string;
  storage: MediaStorage;
  store: TenantSettingsStore;
}): Promise<TenantSettings> {
  const uploaded: string[] = [];
  try {
    for (const asset of checked) {
      await storage.putFile({ key: asset.key, path: asset.path });
      uploaded.push(asset.key);
    }
    return await updateTenantSettings(store, {
      tenantId,
      platformGuardrails: DEFAULT_GUARDRAILS,
      mutate: (draft) => {
        for (const kind of clear) delete draft.branding[settingsFields[kind]];
        for (const { kind, key } of checked) draft.branding[settingsFields[kind]] = key;
      },
    });
  } catch (error) {
    // Keys the settings do not name are orphans: take them back before reporting the failure.
    await Promise.allSettled(uploaded.map((key) => storage.delete({ key })));
    throw error;
  }
}

function readBrandingRequest(values: Record<string, unknown>): BrandingRequest {
  const files = assetKinds.flatMap((kind) => {
    const path = values[kind];
    if (typeof path !== 'string') return [];
    if (path.trim() === '') throw new UsageError(`--${kind} takes a file path.`);
    return [{ kind, path: resolve(path) }];
  });
  const clear = ((values.clear as string[] | undefined) ?? []).map((name) => {
    if (!(assetKinds as readonly string[]).includes(name)) {
      throw new UsageError(`--clear takes ${assetKinds.join('|')}, not ${JSON.stringify(name)}.`);
    }
    return name as BrandingAssetKind;
  });
  const both = files.find(({ kind }) => clear.includes(kind));
  if (both !== undefined) {
    throw new UsageError(`--${both.kind} and --clear ${both.kind} contradict each other.`);
  }
  if (files.length === 0 && clear.length === 0) {
    throw new UsageError(
      'Nothing to change: give --watermark, --intro, --outro or --clear (see `reel tenant --help`).',
    );
  }
  return { files, clear };
}

/** The stored name's extension: from what the probe found for images, else the file's own. */
function extensionFor({ formatName }: BrandingAssetSummary, path: string): string {
  if (formatName === 'png_pipe') return '.png';
  if (formatName === 'jpeg_pipe') return '.jpg';
  const extension = extname(path).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(extension) ? extension : '.mp4';
}

function describeChanges(checked: CheckedAsset[], cleared: BrandingAssetKind[]): string {
  const rows = checked.map(({ kind, key, summary }) => [
    kind,
    key,
    [
      `${summary.width}x${summary.height}`,
      summary.durationSec === undefined ? undefined : `${summary.durationSec.toFixed(2)} s`,
      summary.frameRate === undefined
        ? undefined
        : `${Math.round(summary.frameRate * 100) / 100} fps`,
      summary.sampleRateHz === undefined ? undefined : `${summary.sampleRateHz} Hz`,
      summary.hasAlpha === undefined ? undefined : summary.hasAlpha ? 'alpha' : 'no alpha',
      formatBytes(summary.sizeBytes),
    ]
      .filter((part) => part !== undefined)
      .join(', '),
  ]);
  const clearedRows = cleared.map((kind) => [kind, 'cleared', '']);
  return ['Branding set', formatTable([...rows, ...clearedRows]), ''].join('\n');
}
