import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/run-cli.js';

describe('equidose CLI skeleton', () => {
  it('prints global help listing the commands', async () => {
    const r = await runCliCaptured(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: equidose <command>/);
    expect(r.stdout).toMatch(/demo/);
  });

  it('prints the package version', async () => {
    const r = await runCliCaptured(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 with one line for an unknown command or flag', async () => {
    const a = await runCliCaptured(['frobnicate']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim().split('\n')).toHaveLength(1);
    const b = await runCliCaptured(['demo', '--no-such-flag']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^equidose: demo: Unknown option '--no-such-flag'/);
  });

  it('prints per-command help', async () => {
    const r = await runCliCaptured(['demo', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: equidose demo/);
  });
});
