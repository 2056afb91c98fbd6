import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeVolume } from '../../../src/io/write-volume.js';
import { makeAwkwardGrid } from '../../helpers/make-grid.js';
import { runCliCaptured } from '../../helpers/run-cli.js';
import { GEOMETRY_TOLERANCE_MM } from '../../helpers/tolerances.js';
import { makePatternVolume, makeTempDir } from '../io/volume-test-helpers.js';

const repoRoot = new URL('../../../', import.meta.url);
const realCt = new URL('../shared/data/real/totalsegmentator_example/example_ct.nii.gz', repoRoot).pathname;

describe('equidose info', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir()));
  afterEach(() => tmp.cleanup());

  it('--json prints exactly the documented fields with the file geometry', async () => {
    const grid = makeAwkwardGrid();
    const volume = makePatternVolume(grid, 'Gy', Float32Array);
    const path = join(tmp.dir, 'dose.nrrd');
    writeVolume(path, volume);
    const { code, stdout, stderr } = await runCliCaptured(['info', path, '--json']);
    expect([code, stderr]).toEqual([0, '']);
    const info = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(info)).toEqual([
      'size',
      'spacingMm',
      'originMm',
      'direction',
      'min',
      'max',
      'quantity',
      'format',
    ]);
    expect(info.size).toEqual([17, 19, 23]);
    // NRRD stores spacing × direction, so spacing comes back as a vector norm (a few ULPs off).
    (info.spacingMm as number[]).forEach((s, d) =>
      expect(Math.abs(s - grid.spacingMm[d]!)).toBeLessThanOrEqual(GEOMETRY_TOLERANCE_MM),
    );
    expect(info.originMm).toEqual(grid.originLpsMm);
    (info.direction as number[][]).forEach((axis, d) =>
      axis.forEach((c, n) => expect(Math.abs(c - grid.axes[d]![n]!)).toBeLessThan(1e-12)),
    );
    const values = Array.from(volume.data);
    expect(info.min).toBe(Math.min(...values));
    expect(info.max).toBe(Math.max(...values));
    expect(info.quantity).toBe('Gy');
    expect(info.format).toBe('NRRD');
  });

  it('prints an aligned table for people, and --quantity overrides the tag', async () => {
    const path = join(tmp.dir, 'ct.nii.gz');
    writeVolume(path, makePatternVolume(makeAwkwardGrid(), 'HU', Int16Array));
    const { code, stdout } = await runCliCaptured(['info', path, '--quantity', 'RED']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    const labels = [
      'file',
      'format',
      'quantity',
      'size',
      'spacing',
      'origin',
      'i axis',
      'j axis',
      'k axis',
      'range',
    ];
    expect(lines.map((l) => l.slice(0, 8).trim())).toEqual(labels);
    expect(new Set(lines.map((l) => l.search(/(?<=^\S+( \S+)?\s{2,})\S/))).size).toBe(1);
    expect(stdout).toContain('quantity  RED');
    expect(stdout).toContain('17 × 19 × 23 voxels');
    expect(stdout).toContain('0.9 × 1.3 × 2.5 mm');
    expect(stdout).toContain('NIfTI-1 (gzip)');
    expect(stdout).toContain('range     -100 … 150');
  });

  it.skipIf(!existsSync(realCt))('agrees with nibabel on the real TotalSegmentator CT', async () => {
    const expected = (
      JSON.parse(
        readFileSync(new URL('tests/unit/io/fixtures/real-volumes.expected.json', repoRoot), 'utf8'),
      ) as Record<
        string,
        { size: number[]; spacingMm: number[]; originMm: number[]; min: number; max: number }
      >
    )['totalsegmentator_example/example_ct.nii.gz']!;
    const { code, stdout } = await runCliCaptured(['info', realCt, '--json']);
    expect(code).toBe(0);
    const info = JSON.parse(stdout) as typeof expected & { quantity: string };
    expect(info.size).toEqual(expected.size);
    info.originMm.forEach((x, d) =>
      expect(Math.abs(x - expected.originMm[d]!)).toBeLessThanOrEqual(GEOMETRY_TOLERANCE_MM),
    );
    expect([info.min, info.max, info.quantity]).toEqual([expected.min, expected.max, 'HU']);
  });

  for (const [what, make, problem] of [
    ['a directory', (dir: string) => (mkdirSync(join(dir, 'd.nii')), join(dir, 'd.nii')), /is a directory/],
    ['a missing file', (dir: string) => join(dir, 'missing.nrrd'), /no such file/],
    [
      'a truncated gzip file',
      (dir: string) => {
        writeVolume(join(dir, 't.nii.gz'), makePatternVolume(makeAwkwardGrid(), 'HU', Int16Array));
        const bytes = readFileSync(join(dir, 't.nii.gz'));
        writeFileSync(join(dir, 't.nii.gz'), bytes.subarray(0, bytes.length / 2));
        return join(dir, 't.nii.gz');
      },
      /corrupt or truncated gzip/,
    ],
  ] as const) {
    it(`fails on ${what} with one line naming the file, exit 1, no output`, async () => {
      const path = make(tmp.dir);
      const before = readdirSync(tmp.dir).sort();
      const { code, stdout, stderr } = await runCliCaptured(['info', path, '--json']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.split('\n')).toHaveLength(2); // one line + final newline
      expect(stderr).toContain(`equidose: ${path}: `);
      expect(stderr).toMatch(problem);
      expect(readdirSync(tmp.dir).sort()).toEqual(before);
    });
  }

  it('bad usage exits 2', async () => {
    expect((await runCliCaptured(['info'])).code).toBe(2);
    expect((await runCliCaptured(['info', 'a.nii', 'b.nii'])).code).toBe(2);
    const bad = await runCliCaptured(['info', 'a.nii', '--quantity', 'Sv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown quantity 'Sv'/);
  });
});
