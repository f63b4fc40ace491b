import { CodecMissingError, isReelError } from '@reel/error-taxonomy';
import { buildManifestKey, buildUploadKey } from '@reel/storage';
import * as z from 'zod';
import type { VideoApiDependencies } from './video-api-dependencies';

/** The API's version: `GET /health` reports it and the OpenAPI document carries it. */
export const VIDEO_API_VERSION = '1.0.0';
/** A dependency that has not answered by then counts as down: a health check must answer fast. */
export const HEALTH_CHECK_TIMEOUT_MS = 5_000;
/**
 * The tenant and job the storage and manifest checks read: an id no key can name (tenants are
 * named by `reel keys create`, which never makes this one), so the check is a real read of an
 * absent object, the cheapest call that proves the backend answers.
 */
const PROBE_REF = { tenantId: 'reel-health-probe', jobId: 'health' } as const;

const checkSchema = z.object({
  ok: z.boolean(),
  durationMs: z.number().int().nonnegative(),
  errorCode: z
    .string()
    .optional()
    .describe('The taxonomy code of the failure (INTERNAL for a foreign error)'),
  detail: z.string().optional().describe('ffmpeg: its version'),
});

export const healthResponseSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    version: z.string(),
    backend: z.enum(['local', 'aws']),
    checks: z.object({
      storage: checkSchema,
      uploads: checkSchema,
      manifests: checkSchema,
      ffmpeg: checkSchema,
    }),
  })
  .describe('ok (200) when every dependency answered, else unavailable (503)');

export type HealthResponse = z.infer<typeof healthResponseSchema>;
type Check = z.infer<typeof checkSchema>;

/**
 * Whether the API can work: the media storage, the upload storage, the manifest store and ffmpeg
 * each answer one cheap call (an object that is not there, a job that is not there, `ffmpeg
 * -version`), at once, each within {@link HEALTH_CHECK_TIMEOUT_MS}. A failure names its taxonomy
 * code, never its message (the route is public).
 *
 * @example
 * const health = await checkHealth(dependencies);
 * const status = health.status === 'ok' ? 200 : 503;
 */
export async function checkHealth(dependencies: VideoApiDependencies): Promise<HealthResponse> {
  const { config, storage, uploads, manifests, runtime } = dependencies;
  const probeKey = buildManifestKey({ env: config.env, ...PROBE_REF });
  const uploadProbeKey = buildUploadKey({
    env: config.env,
    tenantId: PROBE_REF.tenantId,
    videoId: PROBE_REF.jobId,
    fileName: 'probe',
  });
  const [storageCheck, uploadsCheck, manifestsCheck, ffmpegCheck] = await Promise.all([
    timed(async () => {
      await storage.exists({ key: probeKey });
    }),
    timed(async () => {
      await uploads.exists({ key: uploadProbeKey });
    }),
    timed(async () => {
      await manifests.get(PROBE_REF);
    }),
    timed(async (signal) => {
      const report = await runtime.validate({ signal });
      if (!report.ok) {
        throw new CodecMissingError(`ffmpeg lacks ${report.missing.join(', ')}`);
      }
      return report.ffmpegVersion;
    }),
  ]);
  const checks = {
    storage: storageCheck,
    uploads: uploadsCheck,
    manifests: manifestsCheck,
    ffmpeg: ffmpegCheck,
  };
  return {
    status: Object.values(checks).every(({ ok }) => ok) ? 'ok' : 'unavailable',
    version: VIDEO_API_VERSION,
    backend: config.backend,
    checks,
  };
}

async function timed(run: (signal: AbortSignal) => Promise<string | void>): Promise<Check> {
  const startedAt = performance.now();
  const signal = AbortSignal.timeout(HEALTH_CHECK_TIMEOUT_MS);
  const durationMs = () => Math.round(performance.now() - startedAt);
  try {
    const detail = await Promise.race([
      run(signal),
      new Promise<never>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
    return { ok: true, durationMs: durationMs(), ...(detail ? { detail } : {}) };
  } catch (error) {
    const errorCode = isReelError(error)
      ? error.code
      : error instanceof DOMException && error.name === 'TimeoutError'
        ? 'TIMEOUT'
        : 'INTERNAL';
    return { ok: false, durationMs: durationMs(), errorCode };
  }
}
