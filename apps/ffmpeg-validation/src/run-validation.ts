import { join } from 'node:path';
import { withScratchDir, type FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { Observability } from '@reel/observability';
import versionFixture from '../../../test-assets/fixtures/ffmpeg-version.json';
import probeFixture from '../../../test-assets/fixtures/probe-sample.json';
import runtimeFixture from '../../../test-assets/fixtures/runtime-validation.json';
import { compareProbe, type ExpectedProbe } from './compare-probe';

export interface ValidationCheck {
  name: string;
  passed: boolean;
  /** What did not match, or why the check could not run. Empty when passed. */
  problems: string[];
  durationMs: number;
}

export interface ValidationReport {
  validationPassed: boolean;
  ffmpegVersion: string;
  ffprobeVersion: string;
  buildConfiguration: string[];
  encoders: Array<{ name: string; present: boolean }>;
  checks: ValidationCheck[];
  durationMs: number;
}

interface RunValidationOptions {
  runtime: FfmpegRuntime;
  observability: Observability;
  deadlineAtMs: number;
}

/**
 * The deployment check of the seed's validation function: versions and encoders, then a real
 * sample made by this ffmpeg, probed, turned into MP3 and ASR WAV, and transcoded to a scaled
 * H.264 MP4 — each output probed and compared with the committed fixtures. A failing check is
 * reported with what differed; only an unusable runtime (no ffmpeg at all) throws.
 */
export async function runValidation({
  runtime,
  observability,
  deadlineAtMs,
}: RunValidationOptions): Promise<ValidationReport> {
  const startedMs = Date.now();
  const runtimeReport = await runtime.validate({
    requiredEncoders: runtimeFixture.requiredEncoders,
    observability,
    deadlineAtMs,
  });
  const checks: ValidationCheck[] = [
    timedCheck('required-encoders', () =>
      runtimeReport.missing.map((name) => `encoder ${name} is missing`),
    ),
    timedCheck('ffmpeg-version', () => checkVersion(runtimeReport.ffmpegVersion)),
  ];
  await withScratchDir(
    async (scratchDir) => {
      const sample = join(scratchDir, 'sample.mp4');
      const { durationSec, width, height, fps, sampleRateHz } = probeFixture.sample;
      checks.push(
        await timedCheckAsync('generate-sample', async () => {
          await runtime.generateTestClip({
            output: sample,
            durationSec,
            width,
            height,
            fps,
            sampleRateHz,
            observability,
            deadlineAtMs,
          });
          return [];
        }),
      );
      checks.push(
        await timedCheckAsync('probe-sample', async () =>
          compareProbe(
            await runtime.probe({ input: sample, observability, deadlineAtMs }),
            probeFixture.expected as ExpectedProbe,
            probeFixture.toleranceSec,
          ),
        ),
      );
      const outputs = [
        {
          name: 'extract-mp3',
          file: 'audio.mp3',
          run: (output: string) =>
            runtime.extractMp3({
              input: sample,
              output,
              observability,
              deadlineAtMs,
            }),
          expected: runtimeFixture.outputs.mp3,
        },
        {
          name: 'extract-asr-wav',
          file: 'audio.wav',
          run: (output: string) =>
            runtime.extractAsrWav({
              input: sample,
              output,
              observability,
              deadlineAtMs,
            }),
          expected: runtimeFixture.outputs.asrWav,
        },
        {
          name: 'render-h264',
          file: 'render.mp4',
          run: (output: string) =>
            runtime.renderH264({
              input: sample,
              output,
              width: 320,
              preset: 'ultrafast',
              observability,
              deadlineAtMs,
            }),
          expected: runtimeFixture.outputs.h264Render,
        },
      ];
      for (const output of outputs) {
        checks.push(
          await timedCheckAsync(output.name, async () => {
            const outputPath = join(scratchDir, output.file);
            await output.run(outputPath);
            const probed = await runtime.probe({
              input: outputPath,
              observability,
              deadlineAtMs,
            });
            return compareProbe(
              probed,
              { ...(output.expected as ExpectedProbe), durationSec },
              probeFixture.toleranceSec + 0.05,
            );
          }),
        );
      }
    },
    { prefix: 'reel-validation-', observability, operation: 'validation' },
  );
  return {
    validationPassed: checks.every((check) => check.passed),
    ffmpegVersion: runtimeReport.ffmpegVersion,
    ffprobeVersion: runtimeReport.ffprobeVersion,
    buildConfiguration: runtimeReport.buildConfiguration,
    encoders: runtimeReport.encoders,
    checks,
    durationMs: Date.now() - startedMs,
  };
}

function checkVersion(version: string): string[] {
  const major = Number.parseInt(version.replace(/^n/, ''), 10);
  if (Number.isNaN(major)) return [`cannot read a version number from "${version}"`];
  return major >= versionFixture.minimumMajorVersion
    ? []
    : [`ffmpeg ${version} is older than ${versionFixture.minimumMajorVersion}.x`];
}

function timedCheck(name: string, check: () => string[]): ValidationCheck {
  const startedMs = Date.now();
  const problems = check();
  return { name, passed: problems.length === 0, problems, durationMs: Date.now() - startedMs };
}

async function timedCheckAsync(
  name: string,
  check: () => Promise<string[]>,
): Promise<ValidationCheck> {
  const startedMs = Date.now();
  try {
    const problems = await check();
    return { name, passed: problems.length === 0, problems, durationMs: Date.now() - startedMs };
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    return {
      name,
      passed: false,
      problems: [`${code ?? 'ERROR'}: ${message ?? String(error)}`],
      durationMs: Date.now() - startedMs,
    };
  }
}
