import { isAbsolute } from 'node:path';

/**
 * Throws a TypeError unless `path` is an absolute local path. ffmpeg reads an argument that
 * starts with `-` as an option and one with `scheme:` as a URL; an absolute path is neither, and
 * nothing lands in the current directory by accident.
 *
 * @example
 * assertAbsolutePath(output, 'output');
 */
export function assertAbsolutePath(path: string, role: string): string {
  if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0')) {
    throw new TypeError(`${role} must be an absolute path, got ${JSON.stringify(path)}`);
  }
  return path;
}

/** Throws a TypeError unless `name` is a plain file-name part: letters, digits, `_`, `-`. */
export function assertPlainName(name: string, role: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new TypeError(
      `${role} must be 1–64 letters, digits, '_' or '-', got ${JSON.stringify(name)}`,
    );
  }
  return name;
}
