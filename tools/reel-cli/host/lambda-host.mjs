// A local stand-in for one Lambda execution environment: loads one service's built bundle (the
// index.mjs the image runs) and serves invocations sent by the local runner over IPC, one at a
// time, keeping module state warm between them as Lambda does. Plain JavaScript on purpose: it
// must run the bundle exactly as shipped, with nothing compiled in between.
import { pathToFileURL } from 'node:url';

const bundlePath = process.argv[2];
if (!bundlePath || typeof process.send !== 'function') {
  console.error(
    'usage: node lambda-host.mjs <bundle.mjs> (spawned by the reel local runner with an IPC channel)',
  );
  process.exit(2);
}

const { handler } = await import(pathToFileURL(bundlePath).href);

function errorToMessage(error) {
  if (error instanceof Error) {
    const { name, message, code, advice, retryable } = error;
    return { name, message, code, advice, retryable };
  }
  return { name: 'Error', message: String(error) };
}

process.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  const { id, payload, deadlineAtMs, requestId } = message;
  const context = {
    awsRequestId: requestId,
    getRemainingTimeInMillis: () => Math.max(0, deadlineAtMs - Date.now()),
  };
  try {
    const result = await handler(payload, context);
    process.send({ type: 'result', id, result: result ?? null });
  } catch (error) {
    process.send({ type: 'error', id, error: errorToMessage(error) });
  }
});
// Ctrl-C in a terminal sends SIGINT to the whole foreground process group: the runner (reel run,
// reel serve) and every host it forked. The runner decides how to stop — answer the requests in
// flight, then stop its hosts with SIGTERM or by closing this IPC channel — so a host ignores
// SIGINT instead of dying under a request or step it is running. SIGTERM keeps its default (exit).
// The host's own child processes (ffmpeg) reset their signals at exec and still get the group's
// SIGINT unless the runner starts the host in a process group of its own.
process.on('SIGINT', () => {});
// The runner is gone (kill -9, a crash): stop now, as a Lambda environment whose invocation was cut
// off would, instead of finishing a step for a run that no longer exists. Child processes go with
// this one (execa's cleanup); a scratch dir left behind is swept by the next run.
process.on('disconnect', () => process.exit(1));
process.send({ type: 'ready' });
