import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigInvalidError,
  GuardrailExceededError,
  RuntimeMissingError,
  UnsupportedMediaError,
} from '@reel/error-taxonomy';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { captureEmf, makeObservability } from '../tests/support/observability';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { DEFAULT_GUARDRAILS } from './guardrails';

describe('Function: createFfmpegRuntime', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let emf: ReturnType<typeof captureEmf> | undefined;
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => {
    emf?.restore();
    emf = undefined;
    await remove();
  });

  it('defaults to ffmpeg and ffprobe on PATH and the default guardrails', () => {
    // Act
    const runtime = createFfmpegRuntime();

    // Assess
    expect(runtime).toMatchObject({
      ffmpegPath: 'ffmpeg',
      ffprobePath: 'ffprobe',
      guardrails: DEFAULT_GUARDRAILS,
    });
  });

  it('refuses bad options at construction', () => {
    // Act & Assess
    expect(() => createFfmpegRuntime({ ffmpegPath: '' })).toThrow(TypeError);
    expect(() => createFfmpegRuntime({ killGraceMs: -1 })).toThrow(TypeError);
    expect(() => createFfmpegRuntime({ guardrails: { maxStreams: 0 } })).toThrow(
      ConfigInvalidError,
    );
  });

  it('runs the configured binaries', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });
    const runtime = createFfmpegRuntime({
      ffmpegPath: '/opt/none/ffmpeg',
      ffprobePath: '/opt/none/ffprobe',
    });

    // Act & Assess
    await expect(runtime.probe({ input })).rejects.toThrow(/\/opt\/none\/ffprobe/);
    await expect(runtime.extractAsrWav({ input, output: join(dir, 'a.wav') })).rejects.toThrow(
      RuntimeMissingError,
    );
  });

  it('opens inputs under the runtime’s container allow-list', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });
    const runtime = createFfmpegRuntime({ guardrails: { allowedContainers: ['wav'] } });

    // Act & Assess
    await expect(runtime.probe({ input })).rejects.toThrow(UnsupportedMediaError);
    await expect(runtime.extractAsrWav({ input, output: join(dir, 'a.wav') })).rejects.toThrow(
      UnsupportedMediaError,
    );
  });

  it('merges a tenant’s guardrails over the runtime’s for probeAndCheck', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 2 });
    const runtime = createFfmpegRuntime({ guardrails: { maxStreams: 4 } });

    // Act
    const error = await runtime
      .probeAndCheck({ input, guardrails: { maxDurationSec: 1 } })
      .catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(GuardrailExceededError);
    await expect(
      runtime.probeAndCheck({ input, guardrails: { maxDurationSec: 10 } }),
    ).resolves.toMatchObject({
      streams: [
        expect.objectContaining({ type: 'video' }),
        expect.objectContaining({ type: 'audio' }),
      ],
    });
  });

  it('extracts ASR audio and times it under the observability of the call', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 1 });
    const output = join(dir, 'asr.wav');
    const runtime = createFfmpegRuntime();
    emf = captureEmf();

    // Act
    await runtime.extractAsrWav({ input, output, observability: makeObservability() });

    // Assess
    expect(emf.metrics()).toEqual([
      expect.objectContaining({
        name: 'FFmpegExecTime',
        dimensions: expect.objectContaining({ Operation: 'extract-audio-wav' }),
      }),
    ]);
    expect((await ffprobeJson(output)).streams[0]).toMatchObject({
      sample_rate: '16000',
      channels: 1,
    });
  });

  it('validates its own binaries', async () => {
    // Act
    const report = await createFfmpegRuntime().validate();

    // Assess
    expect(report.ok).toBe(true);
  });
});
