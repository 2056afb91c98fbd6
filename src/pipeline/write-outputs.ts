import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * All-or-nothing output: every file is first written into a hidden staging folder inside --out, and only when
 * all of them exist are they renamed into place (renames within one filesystem are atomic). A failure at any
 * point removes the staging folder, so a failed run leaves no half-written output set.
 */

/** One output file: its name in --out and how to write it (into the staging path it is given). */
export interface OutputFile {
  readonly name: string;
  readonly write: (path: string) => void | Promise<void>;
}

/** Checks that --out can be used (a directory or absent) before any computation starts. */
export function checkOutputDir(outDir: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory())
    throw new InputError('--out must be a directory (it exists and is a file)', {}, outDir);
}

/** Writes the files in order into staging, then moves them into `outDir`. Returns the final paths. */
export async function writeOutputsAtomically(
  outDir: string,
  files: readonly OutputFile[],
): Promise<string[]> {
  checkOutputDir(outDir);
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name) || f.name.includes('/') || f.name.startsWith('.'))
      throw new InputError(`bad or duplicate output name '${f.name}'`);
    names.add(f.name);
  }
  mkdirSync(outDir, { recursive: true });
  const staging = join(outDir, `.equidose-staging-${randomBytes(6).toString('hex')}`);
  mkdirSync(staging);
  try {
    for (const f of files) await f.write(join(staging, f.name));
    // Writers may add companions (e.g. a detached .raw); move everything staged.
    const staged = readdirSync(staging);
    for (const name of staged) renameSync(join(staging, name), join(outDir, name));
    return staged.map((name) => join(outDir, name));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
