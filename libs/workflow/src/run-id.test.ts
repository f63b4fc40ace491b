import { describe, expect, it } from 'vitest';
import { createRunId } from './run-id';

describe('Function: createRunId', () => {
  it('stamps the UTC start time and a random suffix, within Step Functions execution-name rules', () => {
    // Act
    const runId = createRunId(new Date('2026-01-02T03:04:05.678Z'));

    // Assess
    expect(runId).toMatch(/^run-20260102030405-[0-9a-f]{6}$/);
    expect(runId.length).toBeLessThanOrEqual(80);
  });

  it('gives two runs started in the same second different ids', () => {
    const now = new Date();
    const ids = new Set(Array.from({ length: 50 }, () => createRunId(now)));
    expect(ids.size).toBe(50);
  });
});
