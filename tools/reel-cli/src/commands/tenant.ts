import { readFile } from 'node:fs/promises';
import { DEFAULT_GUARDRAILS, tightenGuardrails } from '@reel/ffmpeg-runtime';
import { mergeRenderOptionsInput, type RenderOptionsInput } from '@reel/media-types';
import {
  brandingSchema,
  ladderOptionFields,
  createTenantSettingsStoreFromConfig,
  renderDefaultsSchema,
  tenantGuardrailsSchema,
  updateTenantSettings,
  type TenantSettings,
} from '@reel/tenant-settings';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseIdOption } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import * as z from 'zod';
import { describeTenantSettings } from '../tenant-settings-view';
import { UsageError } from '../usage-error';
import { brandingOptions, setTenantBranding } from './tenant-branding';

export const tenantHelp = `Usage: npx reel tenant show [--tenant ID] [--env NAME] [--json]
       npx reel tenant set  [--tenant ID] [--env NAME] [--json] [--file FILE] [settings…]
       npx reel tenant branding [--tenant ID] [--env NAME] [--json] [--watermark FILE]
                                [--intro FILE] [--outro FILE] [--clear watermark|intro|outro]

Shows or changes a tenant's settings: guardrails (they can only tighten the platform's), render
defaults (a partial render-options document), ladder defaults, branding assets and the webhook.
Nothing stored means the defaults.

\`branding\` checks each file, uploads it to {env}/{tenant}/branding/ and names it in the settings:
  --watermark FILE   a PNG or JPEG still, at most 4096 px a side and 5 MiB (PNG transparency kept)
  --intro FILE       a video clip with sound, at most 60 s, within the upload guardrails;
  --outro FILE       the render fits it to its own size, frame rate and sound format
  --clear KIND       stop using the watermark, intro or outro (repeatable)
A file that fails its check is refused with its reason (exit 1) and nothing is stored.

Settings of \`set\` (each replaces one field; --file takes a JSON document of the same shape as
\`show --json\`, applied first; its branding section may only repeat what is stored, as branding
is set with \`branding\`, which checks each file):
  --max-bytes N  --max-duration-sec N  --max-pixels N  --max-streams N
  --allowed-containers a,b  --allowed-video-codecs a,b  --allowed-audio-codecs a,b  --allowed-subtitle-codecs a,b
  --crf 0-51  --preset NAME  --max-height N  --subtitles sidecar|burn|both|none   (render.video.*, render.subtitles.mode)
  --rungs 1080,720,480  --segment-duration-sec N  --thumbnail-interval-sec N
  --loudness-target podcast|broadcast (--loudness-target=-16: LUFS)  --x264-preset NAME  --lowest-rung-first true|false
  --chunk-threshold-sec N  --chunk-duration-sec N  --retention-hours N   (ladder.*: the transcode defaults)
  --webhook-url https://…
  --unset FIELD        back to the default, e.g. --unset guardrails.maxBytes --unset render.video.crf

A guardrail above the platform's is refused (GUARDRAIL_EXCEEDED, exit 1).`;

const numberFields = {
  'max-bytes': ['guardrails', 'maxBytes'],
  'max-duration-sec': ['guardrails', 'maxDurationSec'],
  'max-pixels': ['guardrails', 'maxPixels'],
  'max-streams': ['guardrails', 'maxStreams'],
  crf: ['render', 'video', 'crf'],
  'max-height': ['render', 'video', 'maxHeight'],
  'segment-duration-sec': ['ladder', 'segmentDurationSec'],
  'thumbnail-interval-sec': ['ladder', 'thumbnailIntervalSec'],
  'chunk-threshold-sec': ['ladder', 'chunkThresholdSec'],
  'chunk-duration-sec': ['ladder', 'chunkDurationSec'],
  'retention-hours': ['ladder', 'retentionHours'],
} as const;
const listFields = {
  'allowed-containers': 'allowedContainers',
  'allowed-video-codecs': 'allowedVideoCodecs',
  'allowed-audio-codecs': 'allowedAudioCodecs',
  'allowed-subtitle-codecs': 'allowedSubtitleCodecs',
} as const;
/** Render defaults set by a flag, as paths into the render-options document. */
const textFields = {
  preset: ['video', 'preset'],
  subtitles: ['subtitles', 'mode'],
} as const;
/** Ladder defaults set by a flag that is not a plain number; the schema checks the value. */
const ladderTextFields = {
  'x264-preset': ['x264Preset', (text: string) => text],
  'loudness-target': [
    'loudnessTarget',
    (text: string) => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text),
  ],
  'lowest-rung-first': [
    'lowestRungFirst',
    (text: string) => (text === 'true' ? true : text === 'false' ? false : text),
  ],
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
    [numberFields, listFields, textFields, ladderTextFields].flatMap((fields) =>
      Object.keys(fields).map((flag) => [flag, stringOption]),
    ),
  ),
} as Record<string, { type: 'string'; short?: string; multiple?: boolean }>;

/** `reel tenant show|set|branding`: a tenant's settings, read or changed. */
export async function tenantCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined || action === '-h' || action === '--help') {
    console.log(tenantHelp);
    return action === undefined ? 2 : 0;
  }
  if (action !== 'show' && action !== 'set' && action !== 'branding') {
    throw new UsageError(
      `Unknown tenant action "${action}": use \`tenant show\`, \`tenant set\` or \`tenant branding\`.`,
    );
  }
  const actionOptions = { show: {}, set: setOptions, branding: brandingOptions }[action];
  const values = parseCommandArgs(rest, { ...jobScopeOptions, ...actionOptions }) as Record<
    string,
    string | string[] | boolean | undefined
  >;
  if (values.help === true) {
    console.log(tenantHelp);
    return 0;
  }
  const tenantId = parseIdOption('tenantId', String(values.tenant));
  const { config, storage } = loadCliDependencies(parseEnvOption(values.env as string | undefined));
  const store = createTenantSettingsStoreFromConfig(config);
  let settings: TenantSettings;
  if (action === 'show') {
    settings = await store.get(tenantId);
  } else if (action === 'branding') {
    const branded = await setTenantBranding({ values, tenantId, config, storage, store });
    settings = branded.settings;
    if (values.json !== true) console.log(branded.report);
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
  for (const [flag, [section, ...path]] of Object.entries(numberFields)) {
    const text = values[flag];
    if (typeof text !== 'string') continue;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) {
      throw new UsageError(`--${flag} takes a number, not ${JSON.stringify(text.slice(0, 40))}.`);
    }
    changes.push((draft) => setPath(draft[section], path, value));
  }
  for (const [flag, field] of Object.entries(listFields)) {
    const text = values[flag];
    if (typeof text === 'string')
      changes.push((draft) => (draft.guardrails[field] = splitList(text)));
  }
  for (const [flag, path] of Object.entries(textFields)) {
    const text = values[flag];
    if (typeof text === 'string') changes.push((draft) => setPath(draft.render, path, text));
  }
  for (const [flag, [field, parse]] of Object.entries(ladderTextFields)) {
    const text = values[flag];
    if (typeof text === 'string')
      changes.push((draft) => setPath(draft.ladder, [field], parse(text)));
  }
  if (typeof values.rungs === 'string') {
    const rungs = splitList(values.rungs).map(Number);
    if (rungs.some((height) => !Number.isInteger(height))) {
      throw new UsageError('--rungs takes heights separated by commas, e.g. 1080,720,480.');
    }
    changes.push((draft) => (draft.ladder.rungs = rungs));
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
      else if (key === 'render') {
        draft.render = mergeRenderOptionsInput(draft.render, value as RenderOptionsInput);
      } else if (key === 'branding') assertBrandingUnchanged(path, draft, value as object);
      else Object.assign(draft[key as (typeof sections)[number]], value);
    }
  };
}

/**
 * A settings file may carry the branding `show --json` printed, but not name other files: a
 * branding file is checked when it is set, which only `reel tenant branding` does.
 */
function assertBrandingUnchanged(path: string, draft: TenantSettings, branding: object): void {
  const stored = draft.branding as Record<string, unknown>;
  const changed = Object.entries(branding).find(([field, value]) => stored[field] !== value);
  if (changed !== undefined) {
    throw new UsageError(
      `--file ${path}: branding.${changed[0]} differs from the stored settings; branding files are set only with \`reel tenant branding\`, which checks each one.`,
      {
        advice:
          'Use `npx reel tenant branding --watermark|--intro|--outro FILE` (or --clear KIND), and leave the branding section out of the file.',
      },
    );
  }
}

function unsetChange(path: string): Change {
  const [section, field, ...extra] = path.split('.');
  if (section === 'webhookUrl' && field === undefined) return (draft) => delete draft.webhookUrl;
  if (section === 'render' && field !== undefined && isRenderField([field, ...extra])) {
    return (draft) => deletePath(draft.render, [field, ...extra]);
  }
  const fieldsBySection: Record<string, readonly string[]> = {
    guardrails: Object.keys(tenantGuardrailsSchema.shape),
    branding: Object.keys(brandingSchema.shape),
    ladder: ladderOptionFields,
  };
  const known = section === undefined ? undefined : fieldsBySection[section];
  if (known === undefined || field === undefined || !known.includes(field) || extra.length > 0) {
    throw new UsageError(
      `--unset ${JSON.stringify(path)} names no setting: use SECTION.FIELD (e.g. guardrails.maxBytes, render.video.crf) or webhookUrl.`,
    );
  }
  return (draft) => {
    const target = draft[section as (typeof sections)[number]] as Record<string, unknown>;
    delete target[field];
  };
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Whether `path` names a field of the render options (`video.crf`, `transition`). */
function isRenderField(path: string[]): boolean {
  let schema: unknown = renderDefaultsSchema;
  for (const name of path) {
    while (schema instanceof z.ZodOptional) schema = schema.unwrap();
    if (!(schema instanceof z.ZodObject) || !Object.hasOwn(schema.shape, name)) return false;
    schema = schema.shape[name];
  }
  return true;
}

/** Sets `path` inside `target`, creating the objects on the way. */
function setPath(target: object, path: readonly string[], value: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const record = target as Record<string, unknown>;
  if (rest.length === 0) {
    record[head] = value;
    return;
  }
  const next = record[head];
  record[head] = typeof next === 'object' && next !== null ? next : {};
  setPath(record[head] as object, rest, value);
}

/** Deletes `path` inside `target` and any object it leaves empty. */
function deletePath(target: object, path: readonly string[]): void {
  const [head, ...rest] = path;
  const record = target as Record<string, unknown>;
  if (head === undefined || !Object.hasOwn(record, head)) return;
  const next = record[head];
  if (rest.length > 0 && typeof next === 'object' && next !== null) {
    deletePath(next, rest);
    if (Object.keys(next).length > 0) return;
  }
  delete record[head];
}
