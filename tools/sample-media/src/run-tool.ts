import { execa } from 'execa';

// The generator runs ffmpeg/espeak-ng through execa directly, not through @reel/ffmpeg-runtime:
// the runtime's own tests use these fixtures, and depending on it here would make a project cycle.
// Same rules as the runtime all the same: argv arrays, no shell, no stdin.
export async function runTool(binary: string, args: string[]): Promise<string> {
  const result = await execa(binary, args, { stdin: 'ignore', reject: false, all: false });
  if (result.exitCode !== 0) {
    const stderrTail = String(result.stderr).split('\n').slice(-8).join('\n');
    throw new Error(`${binary} ${args.join(' ')} failed (exit ${result.exitCode}):\n${stderrTail}`);
  }
  return String(result.stdout);
}

/** Duration of a media file in seconds, from ffprobe's format section. */
export async function probeDurationSec(path: string): Promise<number> {
  const output = await runTool('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    path,
  ]);
  return Number.parseFloat(output.trim());
}
