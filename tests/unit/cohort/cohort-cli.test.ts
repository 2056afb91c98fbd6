import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../helpers/run-cli.js';

/** `equidose cohort` argument and manifest errors: one line, the right exit code, nothing written. */
const dir = mkdtempSync(join(tmpdir(), 'equidose-cohort-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('equidose cohort (command line)', () => {
  it('is listed in --help and documents its options', async () => {
    const help = await runCliCaptured(['cohort', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('equidose cohort <manifest.csv> --out DIR');
    expect(help.stdout).toContain('--jobs');
    expect((await runCliCaptured(['--help'])).stdout).toMatch(/cohort\s+Validate a cohort/);
  });

  it('refuses bad usage with exit 2', async () => {
    const none = await runCliCaptured(['cohort', '--out', join(dir, 'out')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /^equidose: cohort: expected one manifest\.csv, got 0 positional argument\(s\)\n$/,
    );
    const noOut = await runCliCaptured(['cohort', join(dir, 'm.csv')]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('missing required option --out');
    writeFileSync(join(dir, 'x'), 'x');
    writeFileSync(join(dir, 'ok.csv'), 'case,ct,sct,structures,plan\np1,x,x,x,x\n');
    const jobs = await runCliCaptured([
      'cohort',
      join(dir, 'ok.csv'),
      '--out',
      join(dir, 'out'),
      '--jobs',
      '0',
    ]);
    expect(jobs.code).toBe(2);
    expect(jobs.stderr).toContain('--jobs must be a positive integer');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('reports a bad manifest row on one line naming the file and the row, exit 1, nothing written', async () => {
    const manifest = join(dir, 'bad.csv');
    writeFileSync(manifest, 'case,ct,sct,structures,plan\np1,x,x,x,x\np2,x,missing.nii.gz,x,x\n');
    const r = await runCliCaptured(['cohort', manifest, '--out', join(dir, 'out2')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `equidose: ${manifest}: manifest line 3 (case 'p2'): sct not found: ${join(dir, 'missing.nii.gz')}\n`,
    );
    expect(existsSync(join(dir, 'out2'))).toBe(false);
  });
});
