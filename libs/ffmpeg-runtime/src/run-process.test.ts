import { afterEach, describe, expect, it } from 'vitest';
import {
  InternalError,
  RuntimeMissingError,
  TimeoutError,
  isReelError,
} from '@reel/error-taxonomy';
import { runProcess, type RunProcessOptions } from './run-process';

// Node itself is the stand-in tool here: these tests are about the runner, not about ffmpeg.
function runNode(script: string, options: Partial<RunProcessOptions> = {}) {
  return runProcess({
    tool: 'node',
    binaryPath: process.execPath,
    args: ['-e', script],
    operation: 'test',
    ...options,
  });
}

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the run to fail');
}

describe('Function: runProcess', () => {
  let controller: AbortController | undefined;
  afterEach(() => controller?.abort());

  it('returns captured stdout, the argv and the duration', async () => {
    // Act
    const run = await runNode('process.stdout.write("hello")', { captureStdout: true });

    // Assess
    expect(run.stdout).toBe('hello');
    expect(run.argv).toEqual([process.execPath, '-e', 'process.stdout.write("hello")']);
    expect(run.durationMs).toBeGreaterThan(0);
  });

  it('passes arguments verbatim, with no shell to interpret them', async () => {
    // Prepare
    const hostile = '$(touch /tmp/pwned); `id` && echo "x" | cat > /tmp/pwned2';

    // Act
    const run = await runProcess({
      tool: 'node',
      binaryPath: process.execPath,
      args: ['-e', 'process.stdout.write(process.argv[1])', hostile],
      operation: 'test',
      captureStdout: true,
    });

    // Assess
    expect(run.stdout).toBe(hostile);
  });

  it('reports a missing binary as RuntimeMissingError naming the path', async () => {
    // Act
    const error = await failureOf(
      runProcess({
        tool: 'ffmpeg',
        binaryPath: '/nonexistent/ffmpeg',
        args: ['-version'],
        operation: 'test',
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(RuntimeMissingError);
    expect((error as RuntimeMissingError).message).toContain('/nonexistent/ffmpeg');
    expect((error as RuntimeMissingError).advice).toContain('FFMPEG_PATH');
  });

  it('keeps a bounded stderr tail of a process that writes megabytes', async () => {
    // Prepare: ~20 MB of stderr, then the line that explains the failure.
    const script = [
      'const line = "noise ".repeat(20) + "\\n";',
      'for (let i = 0; i < 170000; i++) process.stderr.write(line);',
      'process.stderr.write("the real reason\\n");',
      'process.exitCode = 3;',
    ].join('');

    // Act
    const error = await failureOf(runNode(script));

    // Assess
    expect(error).toBeInstanceOf(InternalError);
    const { stderrTail, exitCode } = (error as InternalError).details;
    expect(exitCode).toBe(3);
    expect(String(stderrTail).length).toBeLessThanOrEqual(8192);
    expect(String(stderrTail).split('\n').at(-1)).toBe('the real reason');
  });

  it('stops the process at its deadline with TimeoutError', async () => {
    // Prepare
    const startedMs = Date.now();

    // Act
    const error = await failureOf(
      runNode('setInterval(() => {}, 1000)', { deadlineAtMs: startedMs + 300 }),
    );

    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - startedMs).toBeLessThan(2000);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    // Prepare
    // Stopped once it says it ignores SIGTERM: a fixed deadline could reach a child still starting
    // (a loaded machine starts Node in more than 300 ms), which SIGTERM then ends by itself.
    const stubborn =
      'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)';
    const stop = new AbortController();

    // Act
    let readyAtMs = 0;
    const error = await failureOf(
      runNode(stubborn, {
        signal: stop.signal,
        killGraceMs: 300,
        onStdoutLine: (line) => {
          if (line !== 'ready') return;
          readyAtMs = Date.now();
          stop.abort();
        },
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).details.signal).toBe('SIGKILL');
    expect(Date.now() - readyAtMs).toBeLessThan(3000);
  });

  it('stops the process when its AbortSignal fires', async () => {
    // Prepare
    controller = new AbortController();
    const aborter = controller;
    setTimeout(() => aborter.abort(), 200);

    // Act
    const error = await failureOf(
      runNode('setInterval(() => {}, 1000)', { signal: controller.signal }),
    );

    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('does not start a process whose deadline has passed or whose signal has fired', async () => {
    // Act
    const late = await failureOf(
      runProcess({
        tool: 'x',
        binaryPath: '/nonexistent/x',
        args: [],
        operation: 'test',
        deadlineAtMs: Date.now() - 1,
      }),
    );
    const aborted = await failureOf(
      runProcess({
        tool: 'x',
        binaryPath: '/nonexistent/x',
        args: [],
        operation: 'test',
        signal: AbortSignal.abort(),
      }),
    );

    // Assess: a spawn would have been RuntimeMissing.
    expect(late).toBeInstanceOf(TimeoutError);
    expect(aborted).toBeInstanceOf(TimeoutError);
  });

  it('hands stdout to the line callback as whole lines', async () => {
    // Prepare
    const lines: string[] = [];

    // Act
    await runNode(
      'process.stdout.write("a=1\\nb="); setTimeout(() => process.stdout.write("2\\n"), 50)',
      {
        onStdoutLine: (line) => lines.push(line),
      },
    );

    // Assess
    expect(lines).toEqual(['a=1', 'b=2']);
  });

  it('stops the process and rethrows as a taxonomy error when the line callback throws', async () => {
    // Prepare
    const startedMs = Date.now();

    // Act
    const error = await failureOf(
      runNode('setInterval(() => console.log("tick"), 20)', {
        onStdoutLine: () => {
          throw new Error('callback broke');
        },
      }),
    );

    // Assess
    expect(isReelError(error)).toBe(true);
    expect((error as Error).message).toBe('callback broke');
    expect(Date.now() - startedMs).toBeLessThan(3000);
  });

  it('stops a process whose captured stdout passes the limit', async () => {
    // Act
    const error = await failureOf(
      runNode('setInterval(() => process.stdout.write("x".repeat(1000)), 1)', {
        captureStdout: true,
        maxStdoutChars: 10_000,
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(InternalError);
    expect((error as InternalError).details.maxStdoutChars).toBe(10_000);
  });

  it.skipIf(process.getuid?.() !== 0)('runs the process as another user when asked', async () => {
    // Act
    const run = await runNode('process.stdout.write(`${process.getuid()}:${process.getgid()}`)', {
      runAs: { uid: 65534, gid: 65534 },
      captureStdout: true,
    });

    // Assess
    expect(run.stdout).toBe('65534:65534');
  });

  it('passes every stderr line to onStderrLine, CR-terminated ones included, however long the output', async () => {
    // Prepare: more lines than the stderr tail keeps.
    const lines: string[] = [];
    const script =
      'for (let i = 0; i < 500; i++) process.stderr.write(`line ${i}` + (i % 2 ? "\\n" : "\\r"))';

    // Act
    const run = await runNode(script, { onStderrLine: (line) => lines.push(line) });

    // Assess
    expect(lines.filter((line) => line.startsWith('line '))).toHaveLength(500);
    expect(run.stderrTail.split('\n').length).toBeLessThanOrEqual(40);
  });
});
