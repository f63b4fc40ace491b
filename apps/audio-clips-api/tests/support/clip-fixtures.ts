import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiKeysFromConfig } from '@reel/api-keys';
import type { ReelConfig } from '@reel/config';
import { addExtractedAudio, type TestEnvironment } from '@reel/test-jobs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { execa } from 'execa';

export const SAMPLE_RATE = 44_100;

/**
 * An episode of `durationSec` with a 1 kHz tone burst of 50 ms starting at every whole second,
 * silent between, encoded as audio-extraction does (libmp3lame VBR q2), stored as the job's `audio/audio.mp3` with `results.audio` pointing at it.
 */
export async function addToneBurstEpisode(
  environment: TestEnvironment,
  {
    episodeId,
    tenantId = 'acme',
    durationSec = 20,
  }: { episodeId: string; tenantId?: string; durationSec?: number },
) {
  const mp3Path = join(environment.fixturesDir, `${episodeId}.mp3`);
  // prettier-ignore
  await execa('ffmpeg', [
    '-nostdin', '-v', 'error', '-f', 'lavfi',
    '-i', `aevalsrc='if(lt(mod(t,1),0.05),0.8*sin(2*PI*1000*t),0)':s=${SAMPLE_RATE}:d=${durationSec}`,
    '-c:a', 'libmp3lame', '-q:a', '2', '-y', mp3Path,
  ]);
  const job = await environment.createJob(episodeId, mp3Path, { tenantId });
  await addExtractedAudio(environment, { job, mediaPath: mp3Path });
  const manifest = await environment.dependencies.manifests.get(job);
  const mp3Key = manifest?.results.audio?.mp3Key;
  if (mp3Key === undefined) throw new Error('addExtractedAudio left no mp3Key');
  await environment.dependencies.storage.putFile({ key: mp3Key, path: mp3Path });
  return {
    job,
    mp3Key,
    durationMs: Math.floor((manifest?.results.audio?.durationSec ?? 0) * 1000),
  };
}

/**
 * The decoded clip as a player hears it (ffmpeg honours the MP3's encoder delay and padding, as
 * browsers do): its length, and the seconds at which a tone burst starts (the first loud sample
 * after ≥ 0.1 s of quiet). ffprobe's container duration counts whole MP3 frames instead.
 */
export async function measureDecodedClip(
  mp3Path: string,
): Promise<{ durationSec: number; onsetsSec: number[] }> {
  const { stdout } = await execa(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-i',
      mp3Path,
      '-f',
      's16le',
      '-ac',
      '1',
      '-ar',
      String(SAMPLE_RATE),
      '-',
    ],
    { encoding: 'buffer' },
  );
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.length / 2));
  const onsets: number[] = [];
  let lastLoud = -Infinity;
  for (let index = 0; index < samples.length; index += 1) {
    if (Math.abs(samples[index] ?? 0) < 3_000) continue;
    if (index - lastLoud > SAMPLE_RATE / 10) onsets.push(index / SAMPLE_RATE);
    lastLoud = index;
  }
  return { durationSec: samples.length / SAMPLE_RATE, onsetsSec: onsets };
}

export async function probeAudioCodec(path: string): Promise<string> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name'],
    ...['-of', 'csv=p=0', path],
  ]);
  return stdout.trim();
}

/**
 * An ffmpeg stand-in: records each run (a line in `{dir}/runs.log` with how many ran at that
 * moment, counted as files in `{dir}/running`), optionally sleeps, then runs the real ffmpeg.
 */
export async function writeRecordingFfmpeg(
  dir: string,
  { sleepSec = 0 }: { sleepSec?: number } = {},
) {
  const realFfmpeg = (await execa('sh', ['-c', 'command -v ffmpeg'])).stdout.trim();
  const script = join(dir, 'ffmpeg');
  await execa('mkdir', ['-p', join(dir, 'running')]);
  await writeFile(
    script,
    [
      '#!/bin/sh',
      `marker="${dir}/running/$$"`,
      'touch "$marker"',
      `echo "$(ls "${dir}/running" | wc -l)" >> "${dir}/runs.log"`,
      sleepSec > 0 ? `sleep ${sleepSec}` : '',
      `"${realFfmpeg}" "$@"`,
      'status=$?',
      'rm -f "$marker"',
      'exit $status',
      '',
    ].join('\n'),
  );
  await chmod(script, 0o755);
  return {
    path: script,
    /** One entry per run: how many ran at once when it started. */
    async runs(): Promise<number[]> {
      const text = await readFile(join(dir, 'runs.log'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map(Number);
    },
  };
}

export async function createTenantKey(config: ReelConfig, tenantId: string) {
  const apiKeys = createApiKeysFromConfig(config);
  const created = await apiKeys.createApiKey({ tenantId, name: 'test' });
  return { ...created, revoke: () => apiKeys.revokeApiKey({ tenantId, keyId: created.keyId }) };
}

/** An API Gateway HTTP API (payload 2.0) event for `GET rawPath?query` with the given headers. */
export function apiEvent({
  method = 'GET',
  path,
  query = {},
  headers = {},
}: {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const rawQueryString = new URLSearchParams(query).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString,
    headers: { host: 'api.test', ...headers },
    ...(rawQueryString === '' ? {} : { queryStringParameters: query }),
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'api.test',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'test-request',
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    isBase64Encoded: false,
  };
}

export const lambdaContext = {
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 30_000,
};
