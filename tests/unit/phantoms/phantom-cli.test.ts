import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlan } from '../../../src/dose/plan-file.js';
import { readStructuresJson } from '../../../src/io/structures-file.js';
import { readDicomVolume } from '../../../src/dicom/read-dicom-volume.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { buildPhantom } from '../../../src/phantoms/build-phantom.js';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const root = useTempDir('equidose-phantom-cli-');

/** `equidose phantom` of `site`/`seed` into `out` at scale 4 with estimated MU (small and quick), then `extra`. */
function phantomArgv(site: string, seed: number, out: string, ...extra: string[]): string[] {
  const where = ['phantom', '--site', site, '--seed', String(seed), '--out', out];
  return [...where, '--scale', '4', '--mu', 'estimate', ...extra];
}

describe('equidose phantom', () => {
  it('writes CT, MR, label map, structures.json, plan.json (and sct.nii.gz with an error) matching the generator', async () => {
    const out = join(root, 'pelvis-5');
    const errors = ['--sct-error', 'hu-offset=40', '--sct-error', 'bone-scale=0.9'];
    const r = await runCliCaptured(phantomArgv('pelvis', 5, out, ...errors));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'ct.nii.gz',
      'mr.nii.gz',
      'phantom.json',
      'plan.json',
      'sct.nii.gz',
      'structures.json',
      'structures.nii.gz',
    ]);
    const c = buildPhantom('pelvis', 5, { scale: 4 });
    const ct = readVolume(join(out, 'ct.nii.gz'));
    expect(ct.quantity).toBe('HU');
    expect(Array.from(ct.data)).toEqual(Array.from(c.ct.data));
    expect(Array.from(readVolume(join(out, 'structures.nii.gz')).data)).toEqual(
      Array.from(c.structures.labelMap),
    );
    const sct = readVolume(join(out, 'sct.nii.gz'));
    expect(sct.data.length).toBe(c.ct.data.length);
    const s = readStructuresJson(join(out, 'structures.json'));
    expect(s.structures.map((x) => x.name)).toEqual(c.structures.set.structures.map((x) => x.name));
    expect(s.frameOfReferenceUid).toBe(c.grid.frameOfReferenceUid);
    const plan = parsePlan(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')));
    expect(plan.beams.map((b) => b.mu)).toEqual(c.plan.beams.map((b) => b.mu));
    const meta = JSON.parse(readFileSync(join(out, 'phantom.json'), 'utf8')) as {
      sctErrors: string[];
      seedRange: string;
    };
    expect(meta.sctErrors).toEqual(['bone-scale=0.9', 'hu-offset=40']);
    expect(meta.seedRange).toBe('test');
  });

  it('without --sct-error writes no sct.nii.gz; the same seed twice gives byte-identical files', async () => {
    const a = join(root, 'head-a');
    const b = join(root, 'head-b');
    for (const out of [a, b]) {
      expect((await runCliCaptured(phantomArgv('head', 1500, out))).code).toBe(0);
    }
    expect(existsSync(join(a, 'sct.nii.gz'))).toBe(false);
    for (const f of [
      'ct.nii.gz',
      'mr.nii.gz',
      'structures.nii.gz',
      'structures.json',
      'plan.json',
      'phantom.json',
    ])
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), f).toBe(true);
  });

  it('--format dicom writes CT and MR series sharing the frame of reference', async () => {
    const out = join(root, 'dicom');
    const r = await runCliCaptured(phantomArgv('pelvis', 5, out, '--format', 'dicom'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ct = readDicomVolume(join(out, 'ct'));
    const mr = readDicomVolume(join(out, 'mr'));
    const c = buildPhantom('pelvis', 5, { scale: 4 });
    expect(ct.grid.frameOfReferenceUid).toBe(c.grid.frameOfReferenceUid);
    expect(mr.grid.frameOfReferenceUid).toBe(c.grid.frameOfReferenceUid);
    expect(Array.from(ct.data)).toEqual(Array.from(c.ct.data));
  });

  it.each<[string[], 1 | 2, RegExp]>([
    [['--site', 'knee', '--seed', '1', '--out', 'x'], 2, /--site must be one of pelvis, head/],
    [['--site', 'head', '--seed', '1.5', '--out', 'x'], 2, /--seed needs a non-negative integer/],
    [
      ['--site', 'head', '--seed', '1', '--out', 'x', '--format', 'png'],
      2,
      /--format must be nifti or dicom/,
    ],
    [['--site', 'head', '--seed', '1'], 2, /missing required option --out/],
    [
      ['--site', 'head', '--seed', '1', '--out', 'OUT', '--sct-error', 'bulk=steel'],
      1,
      /bulk=water or bulk=water-bone/,
    ],
  ])('refuses %j (exit %i) without writing anything', async (args, code, message) => {
    const out = join(root, `bad-${String(code)}-${args.length}`);
    const argv = ['phantom', ...args.map((a) => (a === 'OUT' ? out : a))];
    await expectCliRefuses(argv, { code, message, unwritten: [out] });
  });
});
