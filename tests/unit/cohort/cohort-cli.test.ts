import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

/** `equidose cohort` argument and manifest errors: one line, the right exit code, nothing written. */
const dir = useTempDir('equidose-cohort-cli-');

describe('equidose cohort (command line)', () => {
  it('is listed in --help and documents its options', async () => {
    const help = await runCliCaptured(['cohort', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('equidose cohort <manifest.csv> --out DIR');
    expect(help.stdout).toContain('--jobs');
    expect((await runCliCaptured(['--help'])).stdout).toMatch(/cohort\s+Validate a cohort/);
  });

  it('refuses bad usage with exit 2', async () => {
    const out = join(dir, 'out');
    await expectCliRefuses(['cohort', '--out', out], {
      code: 2,
      message: /^equidose: cohort: expected one manifest\.csv, got 0 positional argument\(s\)\n$/,
      unwritten: [out],
    });
    await expectCliRefuses(['cohort', join(dir, 'm.csv')], {
      code: 2,
      message: 'missing required option --out',
    });
    writeFileSync(join(dir, 'x'), 'x');
    writeFileSync(join(dir, 'ok.csv'), 'case,ct,sct,structures,plan\np1,x,x,x,x\n');
    await expectCliRefuses(['cohort', join(dir, 'ok.csv'), '--out', out, '--jobs', '0'], {
      code: 2,
      message: /^equidose: --jobs must be a positive integer, got 0\n$/,
      unwritten: [out],
    });
  });

  it('reports a bad manifest row on one line naming the file and the row, exit 1, nothing written', async () => {
    const manifest = join(dir, 'bad.csv');
    writeFileSync(manifest, 'case,ct,sct,structures,plan\np1,x,x,x,x\np2,x,missing.nii.gz,x,x\n');
    const out = join(dir, 'out2');
    const r = await expectCliRefuses(['cohort', manifest, '--out', out], { code: 1, unwritten: [out] });
    expect(r.stderr).toBe(
      `equidose: ${manifest}: manifest line 3 (case 'p2'): sct not found: ${join(dir, 'missing.nii.gz')}\n`,
    );
  });
});
