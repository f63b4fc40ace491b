import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseMediaPlaylist, type MediaPlaylist } from '@reel/stream-manifests';

/** One `EXT-X-STREAM-INF` of a master playlist: its attributes and URI. */
export interface MasterVariant {
  attributes: Record<string, string>;
  uri: string;
}

/** An attribute list (`A=1,B="x,y"`) as a record, quotes removed. */
function attributeRecord(list: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const match of list.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    const [, name = '', value = ''] = match;
    record[name] = value.replace(/^"|"$/g, '');
  }
  return record;
}

/** A master playlist's variants and `EXT-X-MEDIA` entries, read line by line. */
export function parseMaster(text: string): {
  lines: string[];
  variants: MasterVariant[];
  media: Array<Record<string, string>>;
} {
  const lines = text.split('\n').filter((line) => line !== '');
  const variants: MasterVariant[] = [];
  const media: Array<Record<string, string>> = [];
  lines.forEach((line, index) => {
    if (line.startsWith('#EXT-X-STREAM-INF:')) {
      variants.push({
        attributes: attributeRecord(line.slice('#EXT-X-STREAM-INF:'.length)),
        uri: lines[index + 1] ?? '',
      });
    }
    if (line.startsWith('#EXT-X-MEDIA:')) media.push(attributeRecord(line.slice(13)));
  });
  return { lines, variants, media };
}

/** One Representation of an MPD: its id, attributes, the init and media files it addresses. */
export interface MpdRepresentation {
  id: string;
  attributes: Record<string, string>;
  initialization?: string;
  media?: string;
  startNumber?: number;
  /** Segment durations in timescale ticks, the timeline expanded. */
  durationsTicks: number[];
  timescale?: number;
  baseUrl?: string;
}

function xmlAttributes(tag: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const match of tag.matchAll(/([A-Za-z:]+)="([^"]*)"/g)) {
    const [, name = '', value = ''] = match;
    record[name] = value;
  }
  return record;
}

/** The Representations of an MPD with their SegmentTemplate (read with patterns: reel's own MPD). */
export function parseMpd(text: string): MpdRepresentation[] {
  return [...text.matchAll(/<Representation([^>]*)>([\s\S]*?)<\/Representation>/g)].map(
    ([, head = '', body = '']) => {
      const attributes = xmlAttributes(head);
      const template = /<SegmentTemplate([^>]*)>/.exec(body)?.[1];
      const templateAttributes = template === undefined ? {} : xmlAttributes(template);
      const durationsTicks = [...body.matchAll(/<S([^>]*)\/>/g)].flatMap(([, entry = '']) => {
        const { d = '0', r = '0' } = xmlAttributes(entry);
        return Array.from({ length: Number(r) + 1 }, () => Number(d));
      });
      const baseUrl = /<BaseURL>([^<]*)<\/BaseURL>/.exec(body)?.[1];
      return {
        id: attributes.id ?? '',
        attributes,
        ...(templateAttributes.initialization === undefined
          ? {}
          : { initialization: templateAttributes.initialization }),
        ...(templateAttributes.media === undefined ? {} : { media: templateAttributes.media }),
        ...(templateAttributes.startNumber === undefined
          ? {}
          : { startNumber: Number(templateAttributes.startNumber) }),
        ...(templateAttributes.timescale === undefined
          ? {}
          : { timescale: Number(templateAttributes.timescale) }),
        durationsTicks,
        ...(baseUrl === undefined ? {} : { baseUrl }),
      };
    },
  );
}

/** The file names a Representation's template addresses, in order (`$Number%05d$` expanded). */
export function mpdSegmentFiles(representation: MpdRepresentation): string[] {
  const { media = '', startNumber = 1, durationsTicks } = representation;
  return durationsTicks.map((_, index) =>
    media.replace(/\$Number(?:%0(\d+)d)?\$/, (_match, width?: string) =>
      String(startNumber + index).padStart(Number(width ?? 0), '0'),
    ),
  );
}

/** A rendition's media playlist in a downloaded version folder, parsed. */
export async function readMediaPlaylist(
  versionDir: string,
  rendition: string,
): Promise<MediaPlaylist> {
  return parseMediaPlaylist(await readFile(join(versionDir, rendition, 'index.m3u8'), 'utf8'));
}
