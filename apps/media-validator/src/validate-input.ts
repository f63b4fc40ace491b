import { GuardrailExceededError } from '@reel/error-taxonomy';
import { tightenGuardrails, withScratchDir, type GuardrailOverrides } from '@reel/ffmpeg-runtime';
import { fetchJobInput, type StepContext, type StepOutcome } from '@reel/lambda-kit';
import { requireJobInput } from '@reel/manifest';
import * as z from 'zod';

/**
 * The workflow's `options` (shared by every step, so other steps' keys pass through): only the
 * job's guardrail overrides matter here. They tighten the tenant's (which tighten the platform's)
 * and are validated when merged (ConfigInvalidError naming each bad field).
 */
export const validateOptionsSchema = z
  .object({
    guardrails: z
      .custom<GuardrailOverrides>(
        (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
        'guardrails must be an object of guardrail overrides',
      )
      .optional(),
  })
  .loose();

export type ValidateOptions = z.output<typeof validateOptionsSchema>;

/**
 * The `validate` step: the upload is downloaded into a scratch dir, its SHA-256 checked against the
 * job, then probed and checked against the guardrails (the platform's, tightened by the tenant's
 * settings, tightened again by the job's options), then its packets scanned without decoding to
 * learn where the media really ends — media past the duration guardrail whatever the header
 * claims (GuardrailExceededError), or packets ending more than 5 % short of the probed duration
 * (CorruptInputError, a truncated upload). The probe summary is recorded on the job's input;
 * nothing is written to storage. Malformed overrides and an input over `maxBytes` are refused
 * before anything is downloaded. Errors name the upload by its file name, not the scratch copy.
 */
export async function validateInput({
  options,
  manifest,
  dependencies: { storage, runtime, tenantSettings },
  observability,
  deadlineAtMs,
  signal,
}: StepContext<ValidateOptions>): Promise<StepOutcome> {
  const source = requireJobInput(manifest);
  const tenant = await tenantSettings.get(manifest.tenantId);
  const guardrails = tightenGuardrails(
    tightenGuardrails(runtime.guardrails, tenant.guardrails),
    options.guardrails,
  );
  const { maxBytes } = guardrails;
  const inputLabel = source.fileName;
  if (source.bytes > maxBytes) {
    throw new GuardrailExceededError(
      `${inputLabel} has ${source.bytes} bytes, more than the ${maxBytes} allowed (maxBytes)`,
      {
        details: {
          guardrail: 'maxBytes',
          actual: source.bytes,
          limit: maxBytes,
          inputLabel,
        },
      },
    );
  }
  const { summary, scannedDurationSec } = await withScratchDir(
    async (scratchDir) => {
      const input = await fetchJobInput({ storage, input: source, scratchDir, signal });
      const probed = await runtime.probeAndCheck({
        input,
        inputLabel,
        allowedDirs: [scratchDir],
        guardrails,
        deadlineAtMs,
        signal,
        observability,
      });
      const scan = await runtime.scanPackets({
        input,
        inputLabel,
        claimedDurationSec: probed.durationSec,
        guardrails,
        deadlineAtMs,
        signal,
        observability,
      });
      return { summary: probed, scannedDurationSec: scan.scannedDurationSec };
    },
    { observability, operation: 'validate' },
  );
  observability.logger.info('Input validated', {
    formatName: summary.formatName,
    durationSec: summary.durationSec,
    scannedDurationSec,
    streams: summary.streams.length,
  });
  return {
    outputs: [],
    patchManifest: (draft) => {
      requireJobInput(draft).probe = summary;
    },
  };
}
