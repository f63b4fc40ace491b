import type { ProgressUpdate } from '@reel/lambda-kit';

/** One share of the step's work: its name (the progress label) and its weight. */
export interface ProgressPhase {
  name: string;
  weight: number;
}

/**
 * The step's one 0–100 % across phases of unequal cost (the rungs' encodes weigh by their pixels,
 * the sound, packaging and pictures little): `scale(name, percent)` maps a phase's own percent
 * onto the whole, phases counted in the order given. A phase of weight 0 (not run) adds nothing.
 *
 * @example
 * const progress = progressPlan([{ name: 'audio', weight: 1 }, { name: '720p', weight: 8 }]);
 * progress.scale('720p', 50); // { percent: 55.6, label: '720p' }
 */
export function progressPlan(phases: readonly ProgressPhase[]) {
  const total = phases.reduce((sum, { weight }) => sum + weight, 0) || 1;
  return {
    scale(name: string, percent: number): ProgressUpdate {
      const index = phases.findIndex((phase) => phase.name === name);
      const before = phases
        .slice(0, Math.max(0, index))
        .reduce((sum, { weight }) => sum + weight, 0);
      const weight = index === -1 ? 0 : (phases[index]?.weight ?? 0);
      const clamped = Math.min(100, Math.max(0, percent));
      return { percent: ((before + (weight * clamped) / 100) / total) * 100, label: name };
    },
  };
}

/** An encode's cost relative to others: x264's work grows with the pixels per frame. */
export function rungWeight({ width, height }: { width: number; height: number }): number {
  return (width * height) / (1280 * 720);
}

/** Maps a sub-range's 0–100 % into `[fromPercent, toPercent]` of the caller's reporter. */
export function withinRange(
  report: (update: ProgressUpdate) => void,
  fromPercent: number,
  toPercent: number,
): (update: ProgressUpdate) => void {
  return (update) =>
    report({
      ...update,
      percent: fromPercent + ((toPercent - fromPercent) * update.percent) / 100,
    });
}
