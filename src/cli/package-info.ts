import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The equidose package root: the nearest folder above this file holding package.json named "equidose". */
export function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'equidose') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('equidose package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** name and version from the package's own package.json. */
export function readPackageInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(findPackageRoot(), 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: pkg.name, version: pkg.version };
}
