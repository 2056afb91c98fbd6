import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createVolume, type Volume } from '../../src/core/volume.js';
import { buildPhantom, type PhantomCase } from '../../src/phantoms/build-phantom.js';
import { applySctErrors } from '../../src/phantoms/sct-error-models.js';
import type { SctError } from '../../src/phantoms/sct-error-spec.js';
import { DEFAULT_CRITERIA } from '../../src/pipeline/criteria.js';
import { writePhantomInputs } from '../../src/pipeline/phantom-inputs.js';
import { runValidation, type ValidationOutcome } from '../../src/pipeline/run-validation.js';
import type { ValidationRequest } from '../../src/pipeline/validation-request.js';
import { judgeVerdict } from '../../src/pipeline/verdict.js';
import { REPORT_HTML_MAX_BYTES } from '../../src/report/html-report.js';
import { DVH_METRIC_IDS, type DvhEntry, type ValidationReport } from '../../src/report/validation-report.js';
import { makeReportValidator } from '../helpers/report-schema.js';
import { makeModelDir } from '../unit/synthct/synthct-fixtures.js';
import {
  HU_OFFSET_PLUS50_TARGET_D50_RANGE_PERCENT,
  HU_OFFSET_SYMMETRY_RELATIVE,
} from '../helpers/tolerances.js';

/**
 * `equidose validate` on a small pelvis phantom (scale 3: 6 × 6 × 7.5 mm voxels, 5 mm dose grid) with sCTs
 * carrying controlled errors from the phantom's error models. The expected behaviour comes from the physics of
 * the perturbation, not from a previous run.
 */

const validateReport = makeReportValidator();
let phantom: PhantomCase;
let root: string;

beforeAll(() => {
  phantom = buildPhantom('pelvis', 3, { scale: 3 });
  root = mkdtempSync(join(tmpdir(), 'equidose-it-'));
});

async function validateWith(
  name: string,
  sct: Volume<'HU'>,
  extra: Partial<ValidationRequest> = {},
): Promise<ValidationOutcome> {
  const inputs = writePhantomInputs(join(root, name, 'in'), phantom, phantom.plan, sct);
  return runValidation({
    ctPath: inputs.ct,
    sct: { kind: 'sct', path: inputs.sct as string },
    structuresPath: inputs.structures,
    planPath: inputs.plan,
    outDir: join(root, name, 'out'),
    backend: 'js',
    anonymize: false,
    pdf: false,
    assumeRegistered: false,
    doseGridMm: 5,
    ...extra,
  });
}

const withErrors = (errors: SctError[]): Volume<'HU'> => applySctErrors(phantom, errors).sct;
const ptv = (r: ValidationReport): DvhEntry => r.dvh.find((e) => e.name === 'PTV') as DvhEntry;

/** The verdict in the report is exactly what the criteria say about the report's own numbers. */
function expectVerdictFollowsNumbers(report: ValidationReport): void {
  const again = judgeVerdict(report.gamma, report.dvh, report.provenance.criteria);
  expect(report.verdict).toEqual(again);
}

describe('equidose validate on a pelvis phantom', () => {
  it('identical sCT: 100 % gamma for every criterion, zero DVH deltas, PASS, valid outputs', async () => {
    const out = await validateWith(
      'identical',
      createVolume(phantom.grid, 'HU', Float32Array.from(phantom.ct.data)),
    );
    const r = out.report;
    expect(r.gamma.map((g) => g.criteria)).toEqual(DEFAULT_CRITERIA.gamma);
    for (const g of r.gamma) {
      expect(g.evaluatedVoxels).toBeGreaterThan(1000);
      expect(g.passRatePercent).toBe(100);
      expect(g.meanGamma).toBe(0);
      for (const roi of g.perRoi) if (roi.evaluatedVoxels > 0) expect(roi.passRatePercent).toBe(100);
    }
    for (const e of r.dvh) for (const m of DVH_METRIC_IDS) expect(e.delta[`${m}Percent`]).toBe(0);
    expect(r.imageMetrics.maeHu).toBe(0);
    expect(r.imageMetrics.psnrDb).toBeNull(); // identical images: infinite PSNR
    expect(r.imageMetrics.ssim).toBeCloseTo(1, 12);
    expect(r.doseDifference.maxAbsDifferencePercent).toBe(0);
    expect(r.verdict.pass).toBe(true);
    expectVerdictFollowsNumbers(r);
    expect(r.provenance.hlut.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.provenance.model).toBeNull();
    expect(Object.keys(r.provenance.timingsMs)).toEqual(
      expect.arrayContaining(['read inputs', 'dose on CT', 'dose on sCT', 'compare']),
    );

    const dir = join(root, 'identical', 'out');
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      'dose_ct.nii.gz',
      'dose_sct.nii.gz',
      'gamma_1pct_1mm_G10.nii.gz',
      'gamma_2pct_2mm_G10.nii.gz',
      'gamma_3pct_2mm_G10.nii.gz',
      'metrics.csv',
      'report.html',
      'report.json',
    ]);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as unknown;
    expect(validateReport(json)).toEqual({ valid: true, errors: [] });
    const csv = readFileSync(join(dir, 'metrics.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv).toHaveLength(1 + r.dvh.length * DVH_METRIC_IDS.length);
    expect(new Set(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).size).toBe(csv.length - 1);
    expect(statSync(join(dir, 'report.html')).size).toBeLessThanOrEqual(REPORT_HTML_MAX_BYTES);
    expect(r.dvh.map((e) => e.name)).toEqual(phantom.structures.set.structures.map((s) => s.name));
  });

  it('a global HU offset moves the target dose the expected way: denser sCT, less dose; and back', async () => {
    const plus = (await validateWith('plus50', withErrors([{ kind: 'hu-offset', offsetHu: 50 }]))).report;
    const minus = (await validateWith('minus50', withErrors([{ kind: 'hu-offset', offsetHu: -50 }]))).report;
    expect(plus.imageMetrics.meHu).toBeGreaterThan(40);
    expect(minus.imageMetrics.meHu).toBeLessThan(-40);
    const dPlus = ptv(plus).delta.D50Percent;
    const dMinus = ptv(minus).delta.D50Percent;
    const [lo, hi] = HU_OFFSET_PLUS50_TARGET_D50_RANGE_PERCENT;
    expect(dPlus).toBeGreaterThan(lo);
    expect(dPlus).toBeLessThan(hi);
    expect(dMinus).toBeGreaterThan(-hi);
    expect(dMinus).toBeLessThan(-lo);
    expect(Math.abs(dPlus + dMinus)).toBeLessThan(HU_OFFSET_SYMMETRY_RELATIVE * Math.abs(dPlus));
    // Every target metric moves the same way as the mean dose.
    for (const m of DVH_METRIC_IDS) expect(Math.sign(ptv(plus).delta[`${m}Percent`])).toBe(-1);
    expectVerdictFollowsNumbers(plus);
    expectVerdictFollowsNumbers(minus);
  });

  it('a bulk-water sCT (bone replaced by water in the lateral beams) fails the target criteria', async () => {
    const r = (await validateWith('bulk-water', withErrors([{ kind: 'bulk', mode: 'water' }]))).report;
    // Water attenuates less than the femoral heads and pelvic bone: more dose reaches the target.
    expect(ptv(r).delta.D50Percent).toBeGreaterThan(DEFAULT_CRITERIA.targetTolerancePercent);
    expect(r.verdict.pass).toBe(false);
    const failing = r.verdict.reasons.filter((x) => x.severity === 'action' || x.severity === 'tolerance');
    expect(failing.some((x) => x.check.startsWith('dvh:PTV:'))).toBe(true);
    expect(r.imageMetrics.maeHu).toBeGreaterThan(50);
    expectVerdictFollowsNumbers(r);
  });
});

describe('equidose validate from MR + model', () => {
  it('synthesises the sCT with the model, records its id and sha256, and writes the sCT used', async () => {
    // A hand-built affine ONNX graph (the synthct fixtures): not a good sCT, but a real run of the MR route.
    const model = makeModelDir('affine-25d');
    const inputs = writePhantomInputs(join(root, 'mr', 'in'), phantom, phantom.plan);
    const out = join(root, 'mr', 'out');
    const { report } = await runValidation({
      ctPath: inputs.ct,
      sct: { kind: 'mr', path: inputs.mr, model },
      structuresPath: inputs.structures,
      planPath: inputs.plan,
      outDir: out,
      backend: 'js',
      anonymize: false,
      pdf: false,
      assumeRegistered: false,
      doseGridMm: 5,
    });
    const manifest = JSON.parse(readFileSync(join(model, 'manifest.json'), 'utf8')) as {
      onnx: { sha256: string };
    };
    expect(report.provenance.model).toEqual({ id: 'test-affine', sha256: manifest.onnx.sha256 });
    expect(report.provenance.inputs['mr']).toBe(inputs.mr);
    expect(Object.keys(report.provenance.timingsMs)).toContain('synthesise sCT');
    expect(readdirSync(out)).toContain('sct_on_ct_grid.nii.gz');
    expect(report.imageMetrics.maeHu).toBeGreaterThan(0);
    expectVerdictFollowsNumbers(report);
  });

  it('a model whose ONNX file does not match its sha256 is refused before any computation', async () => {
    const model = makeModelDir('affine-25d', (m) => {
      (m['onnx'] as { sha256: string }).sha256 = '0'.repeat(64);
    });
    const inputs = writePhantomInputs(join(root, 'badmodel', 'in'), phantom, phantom.plan);
    const request: ValidationRequest = {
      ctPath: inputs.ct,
      sct: { kind: 'mr', path: inputs.mr, model },
      structuresPath: inputs.structures,
      planPath: inputs.plan,
      outDir: join(root, 'badmodel', 'out'),
      backend: 'js',
      anonymize: false,
      pdf: false,
      assumeRegistered: false,
    };
    await expect(runValidation(request)).rejects.toThrow(/sha256/);
    expect(existsSync(join(root, 'badmodel', 'out'))).toBe(false);
  });
});

describe('failure modes leave no outputs', () => {
  it('a missing input fails before any computation and writes nothing', async () => {
    const inputs = writePhantomInputs(join(root, 'missing', 'in'), phantom, phantom.plan, phantom.ct);
    const request: ValidationRequest = {
      ctPath: join(root, 'missing', 'in', 'no-such-ct.nii.gz'),
      sct: { kind: 'sct', path: inputs.sct as string },
      structuresPath: inputs.structures,
      planPath: inputs.plan,
      outDir: join(root, 'missing', 'out'),
      backend: 'js',
      anonymize: false,
      pdf: false,
      assumeRegistered: false,
    };
    await expect(runValidation(request)).rejects.toThrow(/no such file/);
    expect(existsSync(join(root, 'missing', 'out'))).toBe(false);
  });

  it('a plan without a prescription needs --prescription-gy; nothing is written', async () => {
    const plan = { ...phantom.plan };
    delete (plan as { prescriptionGy?: number }).prescriptionGy;
    const inputs = writePhantomInputs(join(root, 'norx', 'in'), phantom, plan, phantom.ct);
    const request: ValidationRequest = {
      ctPath: inputs.ct,
      sct: { kind: 'sct', path: inputs.sct as string },
      structuresPath: inputs.structures,
      planPath: inputs.plan,
      outDir: join(root, 'norx', 'out'),
      backend: 'js',
      anonymize: false,
      pdf: false,
      assumeRegistered: false,
    };
    await expect(runValidation(request)).rejects.toThrow(/pass --prescription-gy/);
    expect(existsSync(join(root, 'norx', 'out'))).toBe(false);
  });
});
