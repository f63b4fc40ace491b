import type { LoudnessResult } from '@reel/manifest';
import { loudnessTargetLufs } from '@reel/media-types';
import type { RenditionWork } from './encode-renditions';

/**
 * EBU R128 of the sound every rendition plays (the AAC rendition as encoded); undefined for
 * silence, which has no gated loudness nor peak to record.
 */
export async function measureOutputLoudness({
  work: { runtime, options, operation },
  input,
}: {
  work: RenditionWork;
  input: string;
}): Promise<LoudnessResult | undefined> {
  const measured = await runtime.measureLoudness({
    input,
    inputLabel: 'the audio rendition',
    ...operation,
  });
  const { integratedLufs, loudnessRangeLu, truePeakDbtp } = measured;
  if (integratedLufs === null || truePeakDbtp === null) return undefined;
  const targetLufs = loudnessTargetLufs(options);
  return {
    integratedLufs,
    loudnessRangeLu,
    truePeakDbtp,
    ...(targetLufs === undefined ? {} : { targetLufs }),
  };
}
