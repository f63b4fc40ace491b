import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import {
  CorruptInputError,
  InputMissingError,
  UnsupportedMediaError,
  toReelError,
} from '@reel/error-taxonomy';
import { assertAbsolutePath } from './assert-path';
import { assertAtMost, checkGuardrails } from './check-guardrails';
import { DEFAULT_GUARDRAILS, type Guardrails } from './guardrails';
import { relabelError } from './input-label';
import { probe, type ProbeOptions } from './probe';
import type { ProbeSummary } from '@reel/media-types';

/** Options of {@link probeAndCheck}. */
export interface ProbeAndCheckOptions extends Omit<
  ProbeOptions,
  'allowedInputFormats' | 'maxStreams'
> {
  /** Resolved guardrails (see `resolveGuardrails`). Default {@link DEFAULT_GUARDRAILS}. */
  guardrails?: Guardrails;
  /**
   * Directories the input must really live in (after resolving symlinks), e.g. the job's scratch
   * dir. Without it, a symlink is refused outright.
   */
  allowedDirs?: readonly string[];
}

/**
 * Everything reel does with an upload before working on it, cheapest check first: the input must
 * exist (InputMissingError), be a regular file, not a symlink unless it resolves inside
 * `allowedDirs` (UnsupportedMediaError), not be empty (CorruptInputError, without running
 * ffprobe) nor over `maxBytes`; then it is probed under the container allow-list and checked
 * against every guardrail (see {@link checkGuardrails}).
 *
 * @example
 * const summary = await runtime.probeAndCheck({
 *   input: join(scratchDir, 'input.mp4'),
 *   guardrails: resolveGuardrails(tenant.guardrails),
 *   allowedDirs: [scratchDir],
 *   signal,
 * });
 */
export async function probeAndCheck({
  input,
  inputLabel,
  guardrails = DEFAULT_GUARDRAILS,
  allowedDirs,
  ...probeOptions
}: ProbeAndCheckOptions): Promise<ProbeSummary> {
  assertAbsolutePath(input, 'input');
  let resolvedInput = input;
  try {
    resolvedInput = await resolveInput(input, allowedDirs);
    return await checkResolvedInput({ ...probeOptions, input: resolvedInput, guardrails });
  } catch (error) {
    throw relabelError(error, { input: [input, resolvedInput], inputLabel });
  }
}

async function checkResolvedInput({
  input,
  guardrails,
  ...probeOptions
}: Omit<ProbeAndCheckOptions, 'allowedDirs' | 'inputLabel'> & {
  guardrails: Guardrails;
}): Promise<ProbeSummary> {
  const stats = await stat(input).catch((error: unknown) => {
    throw toReelError(error);
  });
  if (!stats.isFile()) {
    throw new UnsupportedMediaError(`${input} is not a regular file`, { details: { input } });
  }
  if (stats.size === 0) {
    throw new CorruptInputError(`${input} is empty (0 bytes)`, { details: { input, bytes: 0 } });
  }
  assertAtMost('maxBytes', stats.size, guardrails.maxBytes, 'bytes');
  const summary = await probe({
    ...probeOptions,
    input,
    allowedInputFormats: guardrails.allowedContainers,
    maxStreams: guardrails.maxStreams,
  });
  checkGuardrails(summary, guardrails);
  return summary;
}

async function resolveInput(input: string, allowedDirs: readonly string[] | undefined) {
  const linkStats = await lstat(input).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? new InputMissingError(`${input} does not exist`, { cause: error, details: { input } })
      : toReelError(error);
  });
  if (allowedDirs === undefined) {
    if (linkStats.isSymbolicLink()) {
      throw new UnsupportedMediaError(`${input} is a symbolic link`, { details: { input } });
    }
    return input;
  }
  const target = await realpath(input).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? new InputMissingError(`${input} points to a file that does not exist`, {
          cause: error,
          details: { input },
        })
      : toReelError(error);
  });
  const dirs = await Promise.all(allowedDirs.map((dir) => realpath(dir).catch(() => undefined)));
  if (!dirs.some((dir) => dir !== undefined && isInside(target, dir))) {
    throw new UnsupportedMediaError(`${input} resolves outside the allowed directories`, {
      details: { input, allowedDirs: [...allowedDirs] },
    });
  }
  return target;
}

function isInside(path: string, dir: string): boolean {
  const fromDir = relative(dir, path);
  return (
    fromDir !== '' && fromDir !== '..' && !fromDir.startsWith(`..${sep}`) && !isAbsolute(fromDir)
  );
}
