import { CorruptInputError, type ErrorDetails } from '@reel/error-taxonomy';
import { escapeXml, unescapeXml } from './xml-escape';

export interface ToSegmentListManifestOptions {
  /** A static MPD as {@link buildDashManifest} writes it. */
  mpd: string;
  /** The URL to write for a URI of the MPD (relative to it: `360p/init.mp4`, `subtitles/en.vtt`). */
  uriFor: (uri: string) => string;
}

const TEMPLATE_BLOCK = /<SegmentTemplate\b([^>]*?)(\/>|>([\s\S]*?)<\/SegmentTemplate>)/g;
const BASE_URL = /<BaseURL>([^<]*)<\/BaseURL>/g;

/**
 * Every URI an MPD names, in order, each once: each Representation's init segment and every
 * media segment its `SegmentTemplate` + `SegmentTimeline` expand to (`$Number$` filled in), and
 * every `BaseURL`. What a server signs before {@link toSegmentListManifest}.
 *
 * @example
 * listDashManifestUris(mpd); // ['360p/init.mp4', '360p/seg-00001.m4s', …, 'subtitles/en.vtt']
 */
export function listDashManifestUris(mpd: string): string[] {
  const uris = new Set<string>();
  for (const match of mpd.matchAll(TEMPLATE_BLOCK)) {
    const template = readTemplate(match[1] ?? '', match[3]);
    uris.add(template.initialization);
    for (const uri of template.mediaUris) uris.add(uri);
  }
  for (const match of mpd.matchAll(BASE_URL)) uris.add(unescapeXml(match[1] ?? ''));
  return [...uris];
}

/**
 * The MPD with each `SegmentTemplate` turned into a `SegmentList` — `Initialization@sourceURL`
 * and one `SegmentURL@media` per segment, each `uriFor(uri)`, the same `timescale`,
 * `startNumber` and `SegmentTimeline` — and each `BaseURL` replaced by `uriFor(uri)`, XML-escaped
 * (`&` → `&amp;`). A template's `$Number$` cannot carry a signature per segment; a list of
 * presigned (or otherwise signed) URLs can, so a player needs nothing but the MPD. Everything
 * else is kept as written. Throws {@link CorruptInputError} for a template this cannot expand
 * (no timeline, an open-ended repeat `r="-1"`, an identifier other than `$Number$`).
 *
 * @example
 * const signed = toSegmentListManifest({ mpd, uriFor: (uri) => urls.get(uri)! });
 */
export function toSegmentListManifest({ mpd, uriFor }: ToSegmentListManifestOptions): string {
  return mpd
    .replace(
      TEMPLATE_BLOCK,
      (_block, attributes: string, _end: string, inner: string | undefined, offset: number) => {
        const template = readTemplate(attributes, inner);
        const indent = indentAt(mpd, offset);
        const startNumber =
          template.startNumber === undefined ? '' : ` startNumber="${template.startNumber}"`;
        return [
          `<SegmentList timescale="${escapeXml(template.timescale)}"${startNumber}>`,
          `${indent}  <Initialization sourceURL="${escapeXml(uriFor(template.initialization))}"/>`,
          // The timeline's own lines keep their indent: one level deeper than the list's children.
          `${indent}  ${template.timeline.trim()}`,
          ...template.mediaUris.map(
            (uri) => `${indent}  <SegmentURL media="${escapeXml(uriFor(uri))}"/>`,
          ),
          `${indent}</SegmentList>`,
        ].join('\n');
      },
    )
    .replace(
      BASE_URL,
      (_match, uri: string) => `<BaseURL>${escapeXml(uriFor(unescapeXml(uri)))}</BaseURL>`,
    );
}

interface ExpandedTemplate {
  timescale: string;
  startNumber: number | undefined;
  initialization: string;
  /** The `<SegmentTimeline>…</SegmentTimeline>` element as written. */
  timeline: string;
  mediaUris: string[];
}

function readTemplate(attributeText: string, inner: string | undefined): ExpandedTemplate {
  const attributes = new Map(
    [...attributeText.matchAll(/([A-Za-z:]+)="([^"]*)"/g)].map(
      ([, name = '', value = '']) => [name, unescapeXml(value)] as const,
    ),
  );
  const initialization = attributes.get('initialization');
  const media = attributes.get('media');
  const timeline = /<SegmentTimeline>[\s\S]*?<\/SegmentTimeline>/.exec(inner ?? '')?.[0];
  if (initialization === undefined || media === undefined || timeline === undefined) {
    throw corrupt('a SegmentTemplate needs initialization, media and a SegmentTimeline', {
      attributes: attributeText.slice(0, 200),
    });
  }
  const startNumberText = attributes.get('startNumber');
  const startNumber = startNumberText === undefined ? undefined : Number(startNumberText);
  if (startNumber !== undefined && !Number.isSafeInteger(startNumber)) {
    throw corrupt('a SegmentTemplate has a startNumber that is not a whole number', {
      startNumber: startNumberText,
    });
  }
  const count = countSegments(timeline);
  const first = startNumber ?? 1;
  return {
    timescale: attributes.get('timescale') ?? '1',
    startNumber,
    initialization: fillTemplate(initialization, undefined),
    timeline,
    mediaUris: Array.from({ length: count }, (_, index) => fillTemplate(media, first + index)),
  };
}

function countSegments(timeline: string): number {
  let count = 0;
  for (const [entry] of timeline.matchAll(/<S\b[^>]*\/>/g)) {
    const repeat = /\br="(-?\d+)"/.exec(entry)?.[1];
    if (repeat !== undefined && Number(repeat) < 0) {
      throw corrupt('a SegmentTimeline with an open-ended repeat cannot be listed', { entry });
    }
    count += 1 + Number(repeat ?? 0);
  }
  if (count === 0) throw corrupt('a SegmentTimeline has no segments', {});
  return count;
}

/** ISO/IEC 23009-1 §5.3.9.4.4: `$$` is a dollar; of the identifiers only `$Number$` (with a width). */
function fillTemplate(template: string, number: number | undefined): string {
  return template.replace(/\$([^$]*)\$/g, (_match, identifier: string) => {
    if (identifier === '') return '$';
    const width = /^Number(?:%0(\d+)d)?$/.exec(identifier);
    if (width === null) {
      throw corrupt(`the template identifier $${identifier}$ is not supported`, { template });
    }
    if (number === undefined) {
      throw corrupt('an initialization template cannot hold $Number$', { template });
    }
    return width[1] === undefined ? String(number) : String(number).padStart(Number(width[1]), '0');
  });
}

/** The spaces before the element that starts at `offset`, on its line. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function corrupt(problem: string, details: ErrorDetails): CorruptInputError {
  return new CorruptInputError(`DASH manifest: ${problem}`, { details });
}
