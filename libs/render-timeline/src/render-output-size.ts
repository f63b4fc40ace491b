/**
 * The render's frame size: the source's, scaled down (never up) to at most `maxHeight`, aspect
 * ratio kept, both sides even (yuv420p needs them so). Pure.
 *
 * @example
 * renderOutputSize({ width: 1920, height: 1080, maxHeight: 720 }); // → { width: 1280, height: 720 }
 * renderOutputSize({ width: 641, height: 361, maxHeight: 1080 }); // → { width: 640, height: 360 }
 */
export function renderOutputSize({
  width,
  height,
  maxHeight,
}: {
  width: number;
  height: number;
  maxHeight: number;
}): { width: number; height: number } {
  for (const [role, value] of Object.entries({ width, height, maxHeight })) {
    if (!Number.isInteger(value) || value < 2) {
      throw new TypeError(`${role} must be an integer ≥ 2, got ${value}`);
    }
  }
  const outputHeight = 2 * Math.floor(Math.min(height, maxHeight) / 2);
  // Unscaled: drop an odd last column. Scaled: the nearest even width keeps the aspect best.
  const outputWidth =
    height <= maxHeight
      ? 2 * Math.floor(width / 2)
      : 2 * Math.round((width * outputHeight) / height / 2);
  return { width: Math.max(2, outputWidth), height: outputHeight };
}
