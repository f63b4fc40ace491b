import { jobsHelp, mainHelp, planHelp, runHelp, statusHelp } from '../help-texts';

const helpByCommand: Record<string, string> = {
  run: runHelp,
  status: statusHelp,
  jobs: jobsHelp,
  plan: planHelp,
};

/** `reel help [COMMAND]`: the command's help, or the overview. */
export function helpText(command: string | undefined): string {
  return (command === undefined ? undefined : helpByCommand[command]) ?? mainHelp;
}
