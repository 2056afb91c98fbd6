import { describe, expect, it } from 'vitest';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';

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
    await expectCliRefuses(['frobnicate'], { code: 2 });
    const unknownFlag = /^equidose: demo: Unknown option '--no-such-flag'/;
    await expectCliRefuses(['demo', '--no-such-flag'], { code: 2, message: unknownFlag });
  });

  it('prints per-command help', async () => {
    const r = await runCliCaptured(['demo', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: equidose demo/);
  });
});
