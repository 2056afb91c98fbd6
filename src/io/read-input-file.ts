import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/errors.js';

/**
 * Reads a whole input file, turning the usual failures (missing, a directory, unreadable) into an InputError
 * naming `path`, so the CLI prints one line.
 */
export function readInputFile(path: string): Uint8Array {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw fileSystemError(error, path);
  }
  if (isDirectory) throw new InputError('is a directory, expected a volume file', {}, path);
  try {
    const buffer = readFileSync(path);
    // A plain Uint8Array view: Buffer.slice() shares memory, which would surprise decoders expecting copies.
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw fileSystemError(error, path);
  }
}

function fileSystemError(error: unknown, path: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file or directory'
      : code === 'EACCES'
        ? 'permission denied'
        : `cannot read (${code ?? (error as Error).message})`;
  return new InputError(reason, { code }, path);
}
