import { getServicePreset } from '@reel/service-presets';
import { describe, expect, it } from 'vitest';
import {
  MAX_FAN_OUT_ITEMS,
  RUN_LEASE_TTL_MS,
  fanOutBudgets,
  processingWorkflowTimeoutSec,
} from './run-lease-ttl';
import { processingSteps } from './workflow-steps';

/** When the last of `durations` ends, each started as soon as one of `slots` frees (as the Map does). */
function greedyMakespan(durations: number[], slots: number): number {
  const freeAt = Array.from({ length: slots }, () => 0);
  for (const duration of durations) {
    const slot = freeAt.indexOf(Math.min(...freeAt));
    freeAt[slot]! += duration;
  }
  return Math.max(...freeAt);
}

describe('processingWorkflowTimeoutSec', () => {
  it('counts each fan-out (render, transcode) as prepare, the Map in waves of MaxConcurrency, and finish', () => {
    // Prepare: one attempt, no waits, so each task costs exactly its service's timeout
    const once = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, backoffRate: 1 };
    const fanOutSteps = processingSteps.filter((step) => 'fanOut' in step);
    const plainSec = processingSteps
      .filter((step) => !('fanOut' in step))
      .map(({ service }) => getServicePreset(service).timeoutSec)
      .reduce((sum, sec) => sum + sec, 0);
    const fanOutSec = fanOutSteps
      .map(
        ({ service, fanOut }) =>
          (1 + Math.ceil(MAX_FAN_OUT_ITEMS / fanOut.maxConcurrency) + 1) *
          getServicePreset(service).timeoutSec,
      )
      .reduce((sum, sec) => sum + sec, 0);

    // Act
    const timeoutSec = processingWorkflowTimeoutSec(once);

    // Assess: 900 s tasks, 9 budgets each for the render and the transcode
    expect(fanOutSteps.map(({ step }) => step)).toEqual([
      'video-render-engine',
      'media-transcoder',
    ]);
    expect(fanOutSec).toBe(2 * 9 * 900);
    expect(timeoutSec).toBe(plainSec + fanOutSec + getServicePreset('job-status').timeoutSec);
  });

  it('multiplies every task, the chunk Tasks included, by its attempts', () => {
    // Prepare
    const once = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, backoffRate: 1 };
    const thrice = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 1000, backoffRate: 1 };
    // Each plain step and the finalizer one task; the render and the transcode 1 + 7 + 1 each
    const taskCount = processingSteps.length + 1 + 2 * (7 + 1);

    // Act
    const extraSec = processingWorkflowTimeoutSec(thrice) - 3 * processingWorkflowTimeoutSec(once);

    // Assess: each task also waits 1 s before each of its 2 retries
    expect(extraSec).toBe(taskCount * 2);
    expect(RUN_LEASE_TTL_MS).toBeGreaterThan(processingWorkflowTimeoutSec() * 1000);
  });
});

describe('fanOutBudgets', () => {
  it('bounds when the last of a Map of tasks ends, however long each takes up to one budget', () => {
    // Prepare: tasks of varied length (≤ 1 budget), some orders that make the Map's tail long
    const shapes = [
      Array.from({ length: 64 }, () => 1),
      Array.from({ length: 64 }, (_, index) => (index === 63 ? 1 : 0.999)),
      Array.from({ length: 64 }, (_, index) => (index % 10 === 0 ? 1 : 0.1)),
      Array.from({ length: 64 }, (_, index) => ((index * 37) % 11) / 10 || 0.05),
    ];

    // Act
    const makespans = shapes.map((durations) => greedyMakespan(durations, 10));

    // Assess
    expect(fanOutBudgets({ items: 64, maxConcurrency: 10 })).toBe(7);
    expect(fanOutBudgets({ items: 10, maxConcurrency: 10 })).toBe(1);
    expect(fanOutBudgets({ items: 1, maxConcurrency: 10 })).toBe(1);
    for (const makespan of makespans) expect(makespan).toBeLessThanOrEqual(7);
    expect(Math.max(...makespans)).toBe(7);
  });
});
