import { createHash } from 'node:crypto';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildExecutionName } from './execution-name';

describe('Function: buildExecutionName', () => {
  it('is j + the first 16 hex of sha256(tenant/job) + -r + the run number', () => {
    // Prepare
    const digest = createHash('sha256').update('acme/v0123456789ab').digest('hex');

    // Act
    const name = buildExecutionName({ tenantId: 'acme', jobId: 'v0123456789ab', runNumber: 3 });

    // Assess
    expect(name).toBe(`j${digest.slice(0, 16)}-r3`);
    expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it('is the same for the same run and differs by run, job and tenant', () => {
    const name = (tenantId: string, jobId: string, runNumber: number) =>
      buildExecutionName({ tenantId, jobId, runNumber });
    expect(name('acme', 'ep-1', 1)).toBe(name('acme', 'ep-1', 1));
    const names = [
      name('acme', 'ep-1', 1),
      name('acme', 'ep-1', 2),
      name('acme', 'ep-2', 1),
      name('globex', 'ep-1', 1),
      // The separator keeps 'a' + 'b-c' apart from 'a-b' + 'c'.
      name('a', 'b-c', 1),
      name('a-b', 'c', 1),
    ];
    expect(new Set(names).size).toBe(names.length);
  });

  it('stays within 80 characters for the longest ids and the largest run number', () => {
    const name = buildExecutionName({
      tenantId: 't'.repeat(63),
      jobId: 'j'.repeat(63),
      runNumber: Number.MAX_SAFE_INTEGER,
    });
    expect(name).toBe(
      `j${createHash('sha256')
        .update(`${'t'.repeat(63)}/${'j'.repeat(63)}`)
        .digest('hex')
        .slice(0, 16)}-r${Number.MAX_SAFE_INTEGER}`,
    );
    expect(name.length).toBeLessThanOrEqual(80);
  });

  it.each([
    ['a run number of 0', { runNumber: 0 }, /runNumber 0/],
    ['a negative run number', { runNumber: -1 }, /runNumber -1/],
    ['a fractional run number', { runNumber: 1.5 }, /runNumber 1.5/],
    ['NaN', { runNumber: Number.NaN }, /runNumber NaN/],
    ['a tenant id with a slash', { tenantId: 'acme/x' }, /tenantId/],
    ['an empty job id', { jobId: '' }, /jobId/],
    ['an upper-case job id', { jobId: 'EP-1' }, /jobId/],
  ])('refuses %s with InvalidRequestError', (_case, override, message) => {
    const build = () =>
      buildExecutionName({ tenantId: 'acme', jobId: 'ep-1', runNumber: 1, ...override });
    expect(build).toThrow(InvalidRequestError);
    expect(build).toThrow(message);
  });
});
