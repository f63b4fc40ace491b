import { describe, expect, it } from 'vitest';
import { captureProgress } from './capture-progress';

describe('Function: captureProgress', () => {
  it('collects what is sent to the parent process until restored', () => {
    // Prepare
    const sendBefore = process.send;

    // Act
    const progress = captureProgress();
    process.send?.({ type: 'reel:progress', step: 'x', percent: 50 });
    progress.restore();

    // Assess
    expect(progress.messages).toEqual([{ type: 'reel:progress', step: 'x', percent: 50 }]);
    expect(process.send).toBe(sendBefore);
  });
});
