import { readFile } from 'node:fs/promises';
import { DEFAULT_GUARDRAILS, tightenGuardrails } from '@reel/ffmpeg-runtime';
import { buildBrandingKey } from '@reel/storage';
import {
  DEFAULT_LADDER,
  DEFAULT_RENDER,
  brandingSchema,
  createTenantSettingsStoreFromConfig,
  tenantGuardrailsSchema,
  updateTenantSettings,
  type TenantSettings,
} from '@reel/tenant-settings';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseIdOption } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { describeTenantSettings } from '../tenant-settings-view';
import { UsageError } from '../usage-error';

export const tenantHelp = `Usage: npx reel tenant show [--tenant ID] [--env NAME] [--json]
       npx reel tenant set  [--tenant ID] [--env NAME] [--json] [--file FILE] [settings…]

Shows or changes a tenant's settings: guardrails (they can only tighten the platform's), render and
ladder defaults, branding assets and the webhook. Nothing stored means the defaults.

Settings of \`set\` (each replaces one field; --file takes a JSON document of the same shape as
\`show --json\`, applied first):
  --max-bytes N  --max-duration-sec N  --max-pixels N  --max-streams N
  --allowed-containers a,b  --allowed-video-codecs a,b  --allowed-audio-codecs a,b  --allowed-subtitle-codecs a,b
  --video-codec h264|hevc|av1  --crf 0-51  --preset NAME  --max-height N  --subtitles burn|sidecar|none
  --rungs 1080,720,480  --segment-duration-sec N
  --logo NAME  --watermark NAME  --intro NAME  --outro NAME   (files under {env}/{tenant}/branding/)
  --webhook-url https://…
  --unset FIELD        back to the default, e.g. --unset guardrails.maxBytes --unset webhookUrl

A guardrail above the platform's is refused (GUARDRAIL_EXCEEDED, exit 1).`;

const numberFields = {
  'max-bytes': ['guardrails', 'maxBytes'],
  'max-duration-sec': ['guardrails', 'maxDurationSec'],
  'max-pixels': ['guardrails', 'maxPixels'],
  'max-streams': ['guardrails', 'maxStreams'],
  crf: ['render', 'crf'],
  'max-height': ['render', 'maxHeight'],
  'segment-duration-sec': ['ladder', 'segmentDurationSec'],
} as const;
const listFields = {
  'allowed-containers': 'allowedContainers',
  'allowed-video-codecs': 'allowedVideoCodecs',
  'allowed-audio-codecs': 'allowedAudioCodecs',
  'allowed-subtitle-codecs': 'allowedSubtitleCodecs',
} as const;
const brandingFields = {
  logo: 'logoKey',
  watermark: 'watermarkKey',
  intro: 'introKey',
  outro: 'outroKey',
} as const;
const textFields = {
  'video-codec': 'videoCodec',
  preset: 'preset',
  subtitles: 'subtitles',
} as const;
const sections = ['guardrails', 'render', 'ladder', 'branding'] as const;
/** Fields of `show --json` that describe the stored document rather than set anything. */
const documentFields = ['schemaVersion', 'env', 'tenantId', 'version', 'updatedAt'];

const stringOption = { type: 'string' } as const;
const setOptions = {
  file: { type: 'string', short: 'f' },
  rungs: stringOption,
  'webhook-url': stringOption,
  unset: { type: 'string', multiple: true },
  ...Object.fromEntries(
    [numberFields, listFields, brandingFields, textFields].flatMap((fields) =>
      Object.keys(fields).map((flag) => [flag, stringOption]),
    ),
  ),
} as Record<string, { type: 'string'; short?: string; multiple?: boolean }>;

/** `reel tenant show|set`: a tenant's settings, read or changed. */
export async function tenantCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '-h' || action === '--help') {
    console.log(tenantHelp);
    return action === undefined ? 2 : 0;
  }
  if (action !== 'show' && action !== 'set') {
    throw new UsageError(
      `Unknown tenant action "${action}": use \`tenant show\` or \`tenant set\`.`,
    );
  }
  const values = parseCommandArgs(rest, {
    ...jobScopeOptions,
    ...(action === 'set' ? setOptions : {}),
  }) as Record<string, string | string[] | boolean | undefined>;
  if (values.help === true) {
    console.log(tenantHelp);
    return 0;
  }
  const tenantId = parseIdOption('tenantId', String(values.tenant));
  const { config } = loadCliDependencies(parseEnvOption(values.env as string | undefined));
  const store = createTenantSettingsStoreFromConfig(config);
  let settings: TenantSettings;
  if (action === 'show') {
    settings = await store.get(tenantId);
  } else {
    const changes = await readChanges(values);
    settings = await updateTenantSettings(store, {
      tenantId,
      platformGuardrails: DEFAULT_GUARDRAILS,
      mutate: (draft) => changes.forEach((change) => change(draft)),
    });
  }
  console.log(
    values.json === true
      ? JSON.stringify(settings, null, 2)
      : describeTenantSettings(settings, {
          effective: tightenGuardrails(DEFAULT_GUARDRAILS, settings.guardrails),
          platform: DEFAULT_GUARDRAILS,
        }),
  );
  return 0;
}

type Change = (draft: TenantSettings) => void;

/** Every change `set` was asked for, in order: the file first, then each flag, then `--unset`. */
async function readChanges(values: Record<string, unknown>): Promise<Change[]> {
  const changes: Change[] = [];
  if (typeof values.file === 'string') changes.push(await readSettingsFile(values.file));
  for (const [flag, [section, field]] of Object.entries(numberFields)) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new UsageError(`--${flag} takes a number, not ${JSON.stringify(text.slice(0, 40))}.`);
    }
    changes.push((draft) => {
      (draft[section] as Record<string, unknown>)[field] = value;
    });
  }
  for (const [flag, field] of Object.entries(listFields)) {
    const text = values[flag];
    if (typeof text === 'string')
      changes.push((draft) => (draft.guardrails[field] = splitList(text)));
  }
  for (const [flag, field] of Object.entries(textFields)) {
    const text = values[flag];
    if (typeof text === 'string') {
      changes.push((draft) => ((draft.render as Record<string, unknown>)[field] = text));
    }
  }
  if (typeof values.rungs === 'string') {
    const rungs = splitList(values.rungs).map(Number);
    if (rungs.some((height) => !Number.isInteger(height))) {
      throw new UsageError('--rungs takes heights separated by commas, e.g. 1080,720,480.');
    }
    changes.push((draft) => (draft.ladder.rungs = rungs));
  }
  for (const [flag, field] of Object.entries(brandingFields)) {
    const name = values[flag];
    if (typeof name === 'string') {
      changes.push((draft) => {
        draft.branding[field] = buildBrandingKey({
          env: draft.env,
          tenantId: draft.tenantId,
          name,
        });
      });
    }
  }
  const webhookUrl = values['webhook-url'];
  if (typeof webhookUrl === 'string') changes.push((draft) => (draft.webhookUrl = webhookUrl));
  for (const path of (values.unset as string[] | undefined) ?? []) changes.push(unsetChange(path));
  if (changes.length === 0) {
    throw new UsageError(
      'Nothing to set: give --file or at least one setting (see `reel tenant --help`).',
    );
  }
  return changes;
}

async function readSettingsFile(path: string): Promise<Change> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`--file ${path} is not a readable JSON file: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UsageError(
      `--file ${path} must hold a JSON object like \`reel tenant show --json\`.`,
    );
  }
  const entries = Object.entries(document).filter(([key]) => !documentFields.includes(key));
  for (const [key, value] of entries) {
    const isSection = (sections as readonly string[]).includes(key);
    if (key !== 'webhookUrl' && !(isSection && typeof value === 'object' && value !== null)) {
      throw new UsageError(
        `--file ${path}: "${key}" is not a settings section (${sections.join(', ')}, webhookUrl).`,
      );
    }
  }
  return (draft) => {
    for (const [key, value] of entries) {
      if (key === 'webhookUrl') draft.webhookUrl = value as string;
      else Object.assign(draft[key as (typeof sections)[number]], value);
    }
  };
}

function unsetChange(path: string): Change {
  const [section, field, ...extra] = path.split('.');
  if (section === 'webhookUrl' && field === undefined) return (draft) => delete draft.webhookUrl;
  const fieldsBySection: Record<string, readonly string[]> = {
    guardrails: Object.keys(tenantGuardrailsSchema.shape),
    branding: Object.keys(brandingSchema.shape),
    render: Object.keys(DEFAULT_RENDER),
    ladder: Object.keys(DEFAULT_LADDER),
  };
  const known = section === undefined ? undefined : fieldsBySection[section];
  if (known === undefined || field === undefined || !known.includes(field) || extra.length > 0) {
    throw new UsageError(
      `--unset ${JSON.stringify(path)} names no setting: use SECTION.FIELD (e.g. guardrails.maxBytes, render.crf) or webhookUrl.`,
    );
  }
  return (draft) => {
    const target = draft[section as (typeof sections)[number]] as Record<string, unknown>;
    const defaults: Record<string, unknown> =
      section === 'render' ? DEFAULT_RENDER : section === 'ladder' ? DEFAULT_LADDER : {};
    if (defaults[field] === undefined) delete target[field];
    else target[field] = structuredClone(defaults[field]);
  };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
