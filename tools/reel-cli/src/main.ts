import { helpText } from './commands/help';
import { mainHelp } from './help-texts';
import { reportError } from './report-error';
import { UsageError } from './usage-error';

type Command = (args: string[]) => Promise<number>;

// Each command's module is loaded only when it runs, so `reel --help` or `reel status` never
// evaluates the workflow engine, the ffmpeg runtime or the AWS SDK.
const commands: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run')).runCommand,
  status: async () => (await import('./commands/status')).statusCommand,
  jobs: async () => (await import('./commands/jobs')).jobsCommand,
  plan: async () => (await import('./commands/plan')).planCommand,
  render: async () => (await import('./commands/render')).renderCommand,
  tenant: async () => (await import('./commands/tenant')).tenantCommand,
  keys: async () => (await import('./commands/keys')).keysCommand,
  serve: async () => (await import('./commands/serve')).serveCommand,
};

const VERSION = '0.1.0';

/** The CLI: runs one command and returns the process exit code (0 done, 1 failed, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      console.log(mainHelp);
      return 2;
    }
    if (command === '-h' || command === '--help') {
      console.log(mainHelp);
      return 0;
    }
    if (command === '-v' || command === '--version') {
      console.log(`reel ${VERSION}`);
      return 0;
    }
    // `reel help tenant` is `reel tenant --help`: those commands keep their own help.
    if (
      command === 'help' &&
      (rest[0] === 'tenant' || rest[0] === 'render' || rest[0] === 'keys' || rest[0] === 'serve')
    ) {
      return await runCommand(rest[0], ['--help']);
    }
    if (command === 'help') {
      console.log(helpText(rest[0]));
      return 0;
    }
    return await runCommand(command, rest);
  } catch (error) {
    return reportError(error, (text) => process.stderr.write(text));
  }
}

async function runCommand(command: string, args: string[]): Promise<number> {
  const load = commands[command];
  if (load === undefined) throw new UsageError(`Unknown command "${command}".`);
  return (await load())(args);
}
