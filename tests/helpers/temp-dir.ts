import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A new, empty directory under the OS temp dir (`<tmp>/<prefix>XXXXXX`), removed with everything in it after
 * the enclosing suite. Call it at the top level of a test file or directly inside a `describe` callback (where
 * vitest's `afterAll` applies), not inside a test.
 */
export function useTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Numbered paths inside `root`, so that no two cases of a file share an input or an output:
 * `fresh('ct.nii')` → `<root>/0-ct.nii`, then `<root>/1-…`. Nothing is created.
 */
export function freshPaths(root: string): (name: string) => string {
  let count = 0;
  return (name) => join(root, `${count++}-${name}`);
}
