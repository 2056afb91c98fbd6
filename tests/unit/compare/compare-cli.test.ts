import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGrid } from '../../../src/core/grid.js';
import { createVolume } from '../../../src/core/volume.js';
import { readVolume } from '../../../src/io/read-volume.js';
import { formatStructuresJson } from '../../../src/io/structures-file.js';
import { writeVolume } from '../../../src/io/write-volume.js';
import { writeRtDose } from '../../../src/dicom/rtdose-write.js';
import { doseVolume, erfBeamsDose, FOUR_FIELD_BOX } from '../../fixtures/compare/synthetic-dose.js';
import { expectCliRefuses, runCliCaptured } from '../../helpers/run-cli.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { contourShape, sphere } from '../../validation/dvh/analytic-shapes.js';
import { imageFixture } from '../../fixtures/compare/image-metrics/image-fixture.js';

const dir = useTempDir('equidose-compare-cli-');

const grid = createGrid({ size: [24, 22, 10], spacingMm: [3, 3, 3], originLpsMm: [-34.5, -31.5, -13.5] });
const ref = doseVolume(grid, (p) => 30 * erfBeamsDose(p, [0, 0, 0], FOUR_FIELD_BOX));
const ev = doseVolume(grid, (p) => 30.6 * erfBeamsDose([p[0] - 1, p[1], p[2]], [0, 0, 0], FOUR_FIELD_BOX));
const refPath = join(dir, 'ref.nii.gz');
const evPath = join(dir, 'eval.nii.gz');
writeVolume(refPath, ref);
writeVolume(evPath, ev);

/** `equidose gamma` of `refFile` against the evaluated dose at 2 %/2 mm, then `extra`. */
function gammaArgv(refFile: string, ...extra: string[]): string[] {
  return ['gamma', '--ref', refFile, '--eval', evPath, '--dd', '2', '--dta', '2', ...extra];
}

describe('equidose gamma', () => {
  it('writes the JSON with the public fields and a NaN-encoded map', async () => {
    const json = join(dir, 'gamma.json');
    const map = join(dir, 'gamma.nii.gz');
    const r = await runCliCaptured(gammaArgv(refPath, '--json', json, '--map', map, '--backend', 'ts'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/pass .* % of \d+ voxels/);
    const out = JSON.parse(readFileSync(json, 'utf8')) as Record<string, unknown>;
    for (const key of ['passRatePercent', 'evaluatedVoxels', 'meanGamma', 'criteria', 'backend', 'timings'])
      expect(out).toHaveProperty(key);
    expect(out.backend).toBe('ts');
    const gamma = readVolume(map);
    const nan = Array.from(gamma.data).filter(Number.isNaN).length;
    expect(nan).toBe(ref.data.length - (out.evaluatedVoxels as number));
  });

  it('bad usage exits 2 and writes nothing; a missing file exits 1 naming it', async () => {
    const json = join(dir, 'never.json');
    const noDta = ['gamma', '--ref', refPath, '--eval', evPath, '--dd', '2', '--json', json];
    await expectCliRefuses(noDta, { code: 2, unwritten: [json] });
    await expectCliRefuses(gammaArgv(refPath, '--map', join(dir, 'x.png')), { code: 2 });
    await expectCliRefuses(gammaArgv(join(dir, 'nope.nii')), { code: 1, message: 'nope.nii' });
  });
});

describe('equidose gamma with RTDOSE input', () => {
  it('an RTDOSE reference (written by src/dicom) gives the same result as its NIfTI twin', async () => {
    const grid3 = createGrid({ ...grid, frameOfReferenceUid: '1.2.826.0.1.3680043.2.1125.7' });
    const rd = join(dir, 'ref-rtdose.dcm');
    writeRtDose(rd, createVolume(grid3, 'Gy', ref.data));
    const a = join(dir, 'from-rtdose.json');
    const b = join(dir, 'from-nifti.json');
    expect((await runCliCaptured(gammaArgv(rd, '--json', a))).code).toBe(0);
    expect((await runCliCaptured(gammaArgv(refPath, '--json', b))).code).toBe(0);
    const ja = JSON.parse(readFileSync(a, 'utf8')) as {
      evaluatedVoxels: number;
      passRatePercent: number;
      meanGamma: number;
    };
    const jb = JSON.parse(readFileSync(b, 'utf8')) as typeof ja;
    expect(ja.evaluatedVoxels).toBe(jb.evaluatedVoxels);
    expect(ja.passRatePercent).toBeCloseTo(jb.passRatePercent, 6);
    // RTDOSE stores 32-bit integers × DoseGridScaling: ~1e-9 relative quantisation, far below any γ change.
    expect(ja.meanGamma).toBeCloseTo(jb.meanGamma, 5);
  });
});

describe('equidose gamma on a real RTDOSE', () => {
  const rtdose = resolve('../shared/data/dicom/pydicom_rtdose.dcm');
  it.skipIf(!existsSync(rtdose))(
    'refuses the pydicom example RTDOSE (DoseUnits RELATIVE) in one line naming it',
    async () => {
      const json = join(dir, 'rtdose-gamma.json');
      const argv = ['gamma', '--ref', rtdose, '--eval', rtdose, '--dd', '3', '--dta', '3', '--json', json];
      const r = await expectCliRefuses(argv, { code: 1, message: 'pydicom_rtdose.dcm', unwritten: [json] });
      expect(r.stderr).toMatch(/RELATIVE/);
    },
  );
});

describe('equidose dvh', () => {
  const labels = new Uint8Array(ref.data.length);
  for (let k = 3; k < 7; k++)
    for (let j = 8; j < 14; j++) for (let i = 9; i < 15; i++) labels[i + 24 * (j + 22 * k)] = 2;
  const labelsPath = join(dir, 'rois.nii.gz');
  writeVolume(labelsPath, createVolume(grid, 'label', labels));
  const set = {
    frameOfReferenceUid: '',
    warnings: [],
    structures: [
      { ...contourShape(sphere(9), [0, 0, 0], 3, 1.5), name: 'PTV', type: 'PTV', label: 0, roiNumber: 1 },
      { roiNumber: 2, name: 'Box', type: 'ORGAN', label: 2, contours: [] },
    ],
  };
  writeFileSync(join(dir, 'rois.json'), formatStructuresJson(set));
  /** `equidose dvh` of the reference dose in the structures of `labelsFile`, then `extra`. */
  function dvhArgv(labelsFile: string, ...extra: string[]): string[] {
    return ['dvh', '--dose', refPath, '--structures', labelsFile, ...extra];
  }

  it('labels + companion structures.json → JSON per structure and CSV', async () => {
    const json = join(dir, 'dvh.json');
    const csv = join(dir, 'dvh.csv');
    const r = await runCliCaptured(dvhArgv(labelsPath, '--json', json, '--csv', csv));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { structures: Record<string, unknown>[] };
    expect(out.structures.map((s) => s.name)).toEqual(['PTV', 'Box']);
    for (const s of out.structures)
      for (const key of [
        'volumeCc',
        'minGy',
        'meanGy',
        'maxGy',
        'D98Gy',
        'D95Gy',
        'D50Gy',
        'D2Gy',
        'cumulative',
      ])
        expect(s).toHaveProperty(key);
    expect(out.structures[1]!.volumeCc).toBeCloseTo(6 * 6 * 4 * 0.027, 9);
    expect(out.structures[0]!.volumeCc as number).toBeCloseTo(((4 / 3) * Math.PI * 9 ** 3) / 1000, 1);
    const rows = readFileSync(csv, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('name,volumeCc,minGy,meanGy,maxGy,D98Gy,D95Gy,D50Gy,D2Gy,D0.03ccGy');
    expect(rows).toHaveLength(3);
  });

  it('accepts --structures-json explicitly and fails clearly without a companion', async () => {
    const lonely = join(dir, 'lonely', 'labels.nii.gz');
    writeVolume(lonely, createVolume(grid, 'label', labels));
    await expectCliRefuses(dvhArgv(lonely), { code: 1, message: /structures\.json/ });
    const ok = await runCliCaptured(dvhArgv(lonely, '--structures-json', join(dir, 'rois.json')));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/PTV/);
  });

  const rtss = resolve('../shared/data/dicom/dicompyler_rtss.dcm');
  it.skipIf(!existsSync(rtss))(
    'reads a real RTSTRUCT (dicompyler-core example) on a uniform dose',
    async () => {
      // A 5 mm grid over the contours' extent; uniform 2 Gy, so every D_x is 2 Gy exactly.
      const g = createGrid({ size: [102, 68, 64], spacingMm: [5, 5, 5], originLpsMm: [-250, -440, -140] });
      const dosePath = join(dir, 'uniform.nii.gz');
      writeVolume(dosePath, createVolume(g, 'Gy', new Float32Array(102 * 68 * 64).fill(2)));
      const json = join(dir, 'rtss.json');
      const r = await runCliCaptured(['dvh', '--dose', dosePath, '--structures', rtss, '--json', json]);
      expect(r.code).toBe(0);
      const out = JSON.parse(readFileSync(json, 'utf8')) as {
        structures: { name: string; volumeCc: number; D50Gy: number | null }[];
      };
      const heart = out.structures.find((s) => s.name === 'Heart');
      const body = out.structures.find((s) => s.name === 'BODY');
      // 439.70 cc = Σ shoelace areas × 3 mm plane spacing (pydicom + numpy, independent of rasterisation; one
      // polygon per plane, no gaps); dicompyler-core's own test reports ≈ 437.5 cc for this ROI.
      expect(Math.abs((heart?.volumeCc ?? 0) / 439.7 - 1)).toBeLessThanOrEqual(0.01);
      expect(body?.volumeCc).toBeGreaterThan(heart?.volumeCc ?? Infinity);
      expect(heart?.D50Gy).toBe(2);
    },
  );
});

describe('equidose metrics', () => {
  it('prints and writes the SynthRAD metrics; a given mask is used', async () => {
    const { ct, sct, box } = imageFixture();
    const ctPath = join(dir, 'ct.nii.gz');
    const sctPath = join(dir, 'sct.nii.gz');
    const maskPath = join(dir, 'mask.nii.gz');
    writeVolume(ctPath, ct);
    writeVolume(sctPath, sct);
    writeVolume(maskPath, box);
    const json = join(dir, 'metrics.json');
    const r = await runCliCaptured([
      'metrics',
      '--ct',
      ctPath,
      '--sct',
      sctPath,
      '--mask',
      maskPath,
      '--json',
      json,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/MAE .* HU, ME .* PSNR .* SSIM/);
    const out = JSON.parse(readFileSync(json, 'utf8')) as { maskSource: string; maskVoxelCount: number };
    expect(out.maskSource).toBe('given');
    expect(out.maskVoxelCount).toBe(1573);
  });
});
