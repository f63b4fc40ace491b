import { execa } from 'execa';

// The README's shell lines run as written, without a shell (house rule): a small, strict subset of
// sh is understood — words in '…' or "…" (with \" \\ \$ escapes), $NAME / ${NAME}, `cmd | cmd`,
// `NAME=$(pipeline)`, `NAME=word`, `# comments` — and anything else is refused, so a README line
// the tests cannot run word for word fails loudly instead of being skipped.

/** What one README line did. */
export interface ShellLineResult {
  /** Each command of the pipeline, as run (after expansion and `rewriteArgv`). */
  commands: string[][];
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The variable the line set, if it was an assignment. */
  assigned?: string;
}

export interface RunShellLineOptions {
  /** Variables visible to `$NAME`; an assignment writes here. */
  vars: Record<string, string>;
  cwd: string;
  /** Last say over each command's argv, e.g. to point a URL at the test's server. */
  rewriteArgv?: (argv: string[]) => string[];
}

const PIPE = Symbol('pipe');
type Token = string | typeof PIPE;

/**
 * The lines of the first fenced block after `heading` whose text contains `containing`, with `\`
 * continuations joined and comment-only and blank lines left out.
 *
 * @example
 * const lines = readShellBlock(readme, { heading: '### The HTTP APIs', containing: '/videos' });
 */
export function readShellBlock(
  markdown: string,
  { heading, containing }: { heading: string; containing: string },
): string[] {
  const start = markdown.indexOf(heading);
  if (start < 0) throw new Error(`No heading ${heading}`);
  const blocks = markdown.slice(start).matchAll(/^```(?:bash|sh)\n([\s\S]*?)^```$/gm);
  const block = [...blocks]
    .map((match) => match[1] as string)
    .find((text) => text.includes(containing));
  if (block === undefined)
    throw new Error(`No shell block under ${heading} containing ${containing}`);
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * Runs one line read by {@link readShellBlock} (never rejects on a failing command: see
 * `exitCode`); an unset variable or a construct outside the subset throws.
 *
 * @example
 * const { stdout } = await runShellLine('curl -s http://127.0.0.1:8080/health', { vars, cwd });
 */
export async function runShellLine(
  line: string,
  { vars, cwd, rewriteArgv = (argv) => argv }: RunShellLineOptions,
): Promise<ShellLineResult> {
  const assignment = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
  if (assignment !== null) {
    const [, name, value] = assignment as unknown as [string, string, string];
    const substitution = /^\$\((.*)\)$/.exec(value);
    if (substitution === null) {
      const words = tokenize(value, vars);
      if (words.length !== 1 || typeof words[0] !== 'string') {
        throw new Error(`Not a single word: ${line}`);
      }
      vars[name] = words[0];
      return { commands: [], stdout: '', stderr: '', exitCode: 0, assigned: name };
    }
    const result = await runPipeline(substitution[1] as string, { vars, cwd, rewriteArgv });
    // As $(…) does: trailing newlines dropped.
    vars[name] = result.stdout.replace(/\n+$/, '');
    return { ...result, assigned: name };
  }
  return runPipeline(line, { vars, cwd, rewriteArgv });
}

async function runPipeline(
  text: string,
  { vars, cwd, rewriteArgv = (argv) => argv }: RunShellLineOptions,
): Promise<ShellLineResult> {
  const commands: string[][] = [[]];
  for (const token of tokenize(text, vars)) {
    if (token === PIPE) commands.push([]);
    else (commands.at(-1) as string[]).push(token);
  }
  const argvs = commands.map((argv) => {
    if (argv.length === 0) throw new Error(`Empty command in: ${text}`);
    return rewriteArgv(argv);
  });
  let input: string | undefined;
  let last = { stdout: '', stderr: '', exitCode: 0 };
  for (const [file, ...args] of argvs) {
    const result = await execa(file as string, args, {
      cwd,
      reject: false,
      ...(input === undefined ? { stdin: 'ignore' as const } : { input }),
    });
    last = { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? 1 };
    // A pipe carries the whole output: the README's outputs are small JSON documents.
    input = `${result.stdout}\n`;
  }
  return { commands: argvs, ...last };
}

function tokenize(text: string, vars: Record<string, string>): Token[] {
  const tokens: Token[] = [];
  let word = '';
  let inWord = false;
  const end = () => {
    if (inWord) tokens.push(word);
    word = '';
    inWord = false;
  };
  const expand = (at: number): [string, number] => {
    const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(text.slice(at));
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(at));
    const match = braced ?? bare;
    if (match === null) throw new Error(`Unsupported $ at ${at} in: ${text}`);
    const value = vars[match[1] as string];
    if (value === undefined) throw new Error(`$${match[1]} is not set in: ${text}`);
    return [value, at + match[0].length];
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === ' ' || char === '\t') {
      end();
      index += 1;
    } else if (char === '#' && !inWord) {
      break;
    } else if (char === '|') {
      end();
      tokens.push(PIPE);
      index += 1;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      if (close < 0) throw new Error(`Unclosed ' in: ${text}`);
      word += text.slice(index + 1, close);
      inWord = true;
      index = close + 1;
    } else if (char === '"') {
      inWord = true;
      index += 1;
      while (text[index] !== '"') {
        if (index >= text.length) throw new Error(`Unclosed " in: ${text}`);
        const inner = text[index] as string;
        if (inner === '\\' && '"\\$`'.includes(text[index + 1] ?? '')) {
          word += text[index + 1];
          index += 2;
        } else if (inner === '$') {
          const [value, next] = expand(index);
          word += value;
          index = next;
        } else if (inner === '`') {
          throw new Error(`Backquotes are not supported: ${text}`);
        } else {
          word += inner;
          index += 1;
        }
      }
      index += 1;
    } else if (char === '$') {
      const [value, next] = expand(index);
      word += value;
      inWord = true;
      index = next;
    } else if ('\\;&<>()`*?'.includes(char)) {
      throw new Error(`"${char}" is outside the subset the README may use: ${text}`);
    } else {
      word += char;
      inWord = true;
      index += 1;
    }
  }
  end();
  return tokens;
}
