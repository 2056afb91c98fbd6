import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot, readPackageInfo } from '../cli/package-info.js';

/** Tool identity for provenance: package name/version and, in a git checkout, the commit it ran from. */
export function toolIdentity(): { name: string; version: string; gitSha: string | null } {
  const { name, version } = readPackageInfo();
  return { name, version, gitSha: gitSha() };
}

function gitSha(): string | null {
  const root = findPackageRoot();
  if (!existsSync(join(root, '.git'))) return null;
  try {
    const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    })
      .toString()
      .trim();
    return /^[0-9a-f]{7,40}$/.test(sha) ? sha : null;
  } catch {
    return null;
  }
}

/** Runtime description, e.g. "node v20.20.2" and "linux-x64". */
export const runtimeIdentity = (): { node: string; platform: string } => ({
  node: `node ${process.version}`,
  platform: `${process.platform}-${process.arch}`,
});
