import { ConflictError, CorruptInputError, GuardrailExceededError } from '@reel/error-taxonomy';
import { authenticateRequest } from '@reel/http-api';
import type { JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import {
  listDashManifestUris,
  listPlaylistUris,
  parseMediaPlaylist,
  rewritePlaylistUris,
  toSegmentListManifest,
} from '@reel/stream-manifests';
import { findVideo } from './find-video';
import { streamLinkQuery, verifyStreamToken } from './stream-token';
import type { VideoApiDependencies } from './video-api-dependencies';

/** How long the links in a playlist work: child playlist tokens and minted segment URLs alike. */
export const STREAM_LINK_EXPIRY_SEC = 3_600;
/** How long a client may reuse a playlist answer: well inside the links' expiry. */
export const STREAM_CACHE_MAX_AGE_SEC = 300;

/** A playlist or MPD larger than this is not one reel wrote (a 3 h VOD ladder is ~100 KB). */
const MAX_PLAYLIST_BYTES = 4 * 1024 * 1024;
/** A URI reel's packager writes: relative, plain names, no `.`/`..` segment, no query. */
const RELATIVE_URI =
  /^(?!\.{1,2}(\/|$))[A-Za-z0-9_-][A-Za-z0-9._-]*(\/(?!\.{1,2}(\/|$))[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

export interface StreamRequest {
  tenantId: string;
  videoId: string;
  dependencies: VideoApiDependencies;
  signal?: AbortSignal;
  /** Default `Date.now()`. */
  nowMs?: number;
}

export interface ChildPlaylistRequest extends Omit<StreamRequest, 'tenantId'> {
  /** `{rendition}/{file}` of the request path, e.g. `360p/index.m3u8`. */
  playlist: string;
  /** The query of the link the master handed out. */
  link: { tenant: string; expires: string; token: string };
}

/**
 * The HLS master of the caller's video with each child playlist's URI (variants, audio,
 * subtitles) given `?tenant=…&expires=…&token=…`: still relative, so it resolves to
 * `/videos/{id}/stream/{rendition}/{file}` on whatever host and stage served the master, where
 * {@link getChildPlaylist} answers without an API key (a player cannot send one portably).
 * ConflictError (409) while the video has no streams.
 *
 * @example
 * const text = await getMasterPlaylist({ tenantId: 'acme', videoId: 'v0123…', dependencies });
 */
export async function getMasterPlaylist({
  tenantId,
  videoId,
  dependencies,
  signal,
  nowMs = Date.now(),
}: StreamRequest): Promise<string> {
  const manifest = await findVideo(dependencies.manifests, { tenantId, videoId });
  const stream = streamOf(manifest);
  const master = await readText(dependencies.storage, stream.masterKey, signal);
  const secret = await dependencies.streamSigningSecret();
  const expiresAtSec = Math.floor(nowMs / 1000) + STREAM_LINK_EXPIRY_SEC;
  return rewritePlaylistUris({
    text: master,
    rewriteUri: (uri) => {
      if (!stream.playlists.has(uri)) throw unexpectedUri(stream.masterKey, uri);
      return `${uri}?${streamLinkQuery({ tenantId, videoId, playlist: uri, expiresAtSec, secret })}`;
    },
  });
}

/**
 * One child playlist of a video's HLS stream, for a link {@link getMasterPlaylist} signed: the
 * token is checked before anything is read (PermissionDeniedError 403 when tampered with or
 * expired), then the stored media playlist is parsed and its init segment and segment URIs are
 * replaced by storage links minted now (presigned on S3, signed local URLs under `reel serve`),
 * valid {@link STREAM_LINK_EXPIRY_SEC}. Only playlists the video's transcode result lists are
 * served (any other name: NotFoundError 404).
 *
 * @example
 * const text = await getChildPlaylist({ videoId, playlist: '360p/index.m3u8', link: query, dependencies });
 */
export async function getChildPlaylist({
  videoId,
  playlist,
  link,
  dependencies,
  signal,
  nowMs = Date.now(),
}: ChildPlaylistRequest): Promise<string> {
  const secret = await dependencies.streamSigningSecret();
  verifyStreamToken({
    tenantId: link.tenant,
    videoId,
    playlist,
    expires: link.expires,
    token: link.token,
    secret,
    nowMs,
  });
  const manifest = await findVideo(dependencies.manifests, { tenantId: link.tenant, videoId });
  const stream = streamOf(manifest);
  if (!stream.playlists.has(playlist)) {
    throw new ConflictError(`Video ${videoId} has no playlist ${playlist} any more`, {
      advice: 'The video was transcoded again: fetch its master playlist again.',
    });
  }
  const playlistKey = `${stream.folder}${playlist}`;
  const text = await readText(dependencies.storage, playlistKey, signal);
  parseMediaPlaylist(text);
  const folder = playlistKey.slice(0, playlistKey.lastIndexOf('/') + 1);
  const urls = await mintUrls(dependencies.storage, folder, listPlaylistUris(text), playlistKey);
  return rewritePlaylistUris({ text, rewriteUri: (uri) => urls.get(uri) ?? uri });
}

/**
 * The DASH MPD of the caller's video with each Representation's `SegmentTemplate` turned into a
 * `SegmentList` of storage links minted now (and the subtitles' `BaseURL` too), valid
 * {@link STREAM_LINK_EXPIRY_SEC}: `$Number$` templates cannot carry a signature per segment.
 * ConflictError (409) while the video has no streams.
 *
 * @example
 * const mpd = await getDashManifest({ tenantId: 'acme', videoId: 'v0123…', dependencies });
 */
export async function getDashManifest({
  tenantId,
  videoId,
  dependencies,
  signal,
}: StreamRequest): Promise<string> {
  const manifest = await findVideo(dependencies.manifests, { tenantId, videoId });
  const { dashKey } = streamOf(manifest);
  const mpd = await readText(dependencies.storage, dashKey, signal);
  const folder = dashKey.slice(0, dashKey.lastIndexOf('/') + 1);
  const urls = await mintUrls(dependencies.storage, folder, listDashManifestUris(mpd), dashKey);
  return toSegmentListManifest({ mpd, uriFor: (uri) => urls.get(uri) ?? uri });
}

/** The entry documents of a video's streams, under `/videos/{id}/stream/`. */
export const STREAM_ENTRIES = { hls: 'master.m3u8', dash: 'manifest.mpd' } as const;

/** A signed link's query as a request carries it (every part optional: it may carry a key instead). */
export interface StreamLinkQuery {
  tenant?: string | undefined;
  expires?: string | undefined;
  token?: string | undefined;
}

/**
 * Who may read a stream entry (master or MPD): the tenant of a signed link when the request
 * carries one (checked first, PermissionDeniedError 403 when tampered with or expired), else the
 * tenant of its API key (UnauthorizedError 401 without one). The entry routes are public at the
 * gateway so that a link alone works, in a browser on any origin.
 *
 * @example
 * const tenantId = await resolveStreamTenant({ videoId, entry: 'master.m3u8', query, headers, dependencies });
 */
export async function resolveStreamTenant({
  videoId,
  entry,
  query,
  headers,
  dependencies,
  nowMs = Date.now(),
}: {
  videoId: string;
  entry: string;
  query: StreamLinkQuery;
  headers: Readonly<Record<string, string>>;
  dependencies: VideoApiDependencies;
  nowMs?: number;
}): Promise<string> {
  const { tenant, expires, token } = query;
  if (tenant === undefined && expires === undefined && token === undefined) {
    return (await authenticateRequest({ headers }, dependencies.apiKeys.verifyApiKey)).tenantId;
  }
  verifyStreamToken({
    tenantId: tenant ?? '',
    videoId,
    playlist: entry,
    expires: expires ?? '',
    token: token ?? '',
    secret: await dependencies.streamSigningSecret(),
    nowMs,
  });
  return tenant ?? '';
}

/**
 * Paths of a video's master and MPD that work without a key until `expiresAt` (1 h): what a
 * server holding the key hands to a browser player, which then needs no header at all.
 *
 * @example
 * const { hls } = signedStreamPaths({ tenantId, videoId, secret }); // '/videos/v…/stream/master.m3u8?tenant=…'
 */
export function signedStreamPaths({
  tenantId,
  videoId,
  secret,
  nowMs = Date.now(),
}: {
  tenantId: string;
  videoId: string;
  secret: string;
  nowMs?: number;
}): { hls: string; dash: string; expiresAt: string } {
  const expiresAtSec = Math.floor(nowMs / 1000) + STREAM_LINK_EXPIRY_SEC;
  const pathOf = (entry: string) =>
    `/videos/${videoId}/stream/${entry}?${streamLinkQuery({ tenantId, videoId, playlist: entry, expiresAtSec, secret })}`;
  return {
    hls: pathOf(STREAM_ENTRIES.hls),
    dash: pathOf(STREAM_ENTRIES.dash),
    expiresAt: new Date(expiresAtSec * 1000).toISOString(),
  };
}

interface VideoStream {
  masterKey: string;
  dashKey: string;
  /** The version's folder, ending with `/`: `{env}/{tenant}/{job}/renditions/cmaf/v2/`. */
  folder: string;
  /** Child playlists the transcode wrote, relative to `folder` (`360p/index.m3u8`, …). */
  playlists: ReadonlySet<string>;
}

function streamOf(manifest: JobManifest): VideoStream {
  const transcode = manifest.results.transcode;
  if (transcode === undefined) {
    throw new ConflictError(
      `Video ${manifest.jobId} has no streams yet: it is ${manifest.status}`,
      {
        advice:
          'Streams exist once the video is transcoded: process it (POST /videos/{id}/process) and wait for completed.',
      },
    );
  }
  const masterKey = transcode.hlsMasterKey;
  const folder = masterKey.slice(0, masterKey.lastIndexOf('/') + 1);
  const playlistKeys = [
    ...transcode.video.map(({ playlistKey }) => playlistKey),
    transcode.audio?.playlistKey,
    transcode.subtitles?.playlistKey,
  ];
  const playlists = new Set(
    playlistKeys
      .filter((key): key is string => key?.startsWith(folder) === true)
      .map((key) => key.slice(folder.length)),
  );
  return { masterKey, dashKey: transcode.dashManifestKey, folder, playlists };
}

/** A URL per URI (relative to `folder`), minted concurrently. */
async function mintUrls(
  storage: MediaStorage,
  folder: string,
  uris: readonly string[],
  documentKey: string,
): Promise<Map<string, string>> {
  const minted = await Promise.all(
    uris.map(async (uri) => {
      if (!RELATIVE_URI.test(uri)) throw unexpectedUri(documentKey, uri);
      const url = await storage.getUrl({
        key: `${folder}${uri}`,
        expiresInSec: STREAM_LINK_EXPIRY_SEC,
      });
      return [uri, url] as const;
    }),
  );
  return new Map(minted);
}

async function readText(storage: MediaStorage, key: string, signal?: AbortSignal): Promise<string> {
  const stream = await storage.getStream({ key, ...(signal === undefined ? {} : { signal }) });
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_PLAYLIST_BYTES) {
      stream.destroy();
      throw new GuardrailExceededError(`${key} is over ${MAX_PLAYLIST_BYTES} bytes`, {
        details: { key },
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function unexpectedUri(documentKey: string, uri: string): CorruptInputError {
  return new CorruptInputError(`${documentKey} names a URI reel did not write`, {
    details: { key: documentKey, uri: uri.slice(0, 200) },
  });
}
