import { tmpdir } from 'node:os';

/**
 * Where a child looks up binaries when the app gives no search path: the usual system directories
 * and `/opt/bin`, where Lambda layers put theirs. A fixed list, not the parent's PATH, so a child
 * process never depends on what happened to be in the environment.
 */
export const DEFAULT_SEARCH_PATH = '/opt/bin:/usr/local/bin:/usr/bin:/bin';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The whole environment of a child process: PATH, a UTF-8 C locale (stable number formats and
 * messages to parse), TMPDIR and HOME pointing at the temp dir (tools that want a cache or config
 * dir stay inside it), plus `extra` for a tool that needs something more. Nothing is inherited, so
 * the credentials of the Lambda role (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`) never reach a process that parses an upload. Pure, apart from reading
 * `os.tmpdir()`.
 *
 * @example
 * buildChildEnv({ searchPath: '/opt/bin:/usr/bin' });
 * // → { PATH: '/opt/bin:/usr/bin', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TMPDIR: '/tmp', HOME: '/tmp' }
 */
export function buildChildEnv({
  searchPath = DEFAULT_SEARCH_PATH,
  extra = {},
}: {
  searchPath?: string;
  extra?: Readonly<Record<string, string>>;
} = {}): Record<string, string> {
  for (const [name, value] of Object.entries(extra)) {
    if (!ENV_NAME.test(name) || typeof value !== 'string' || value.includes('\0')) {
      throw new TypeError(
        `env ${JSON.stringify(name)} must be a variable name with a string value`,
      );
    }
  }
  const temp = tmpdir();
  return {
    PATH: searchPath,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TMPDIR: temp,
    HOME: temp,
    ...extra,
  };
}
