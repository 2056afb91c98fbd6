import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  companionStructuresJson,
  isDicomPath,
  loadPlan,
  loadStructures,
  resolveModelRef,
} from '../../../src/pipeline/load-inputs.js';
import { resolvePrescription } from '../../../src/pipeline/assemble-report.js';

/** Input routing on real DICOM RT files from ../shared/data/dicom (dicompyler-core example data). */
const DATA = resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'dicom');
const HAVE = existsSync(join(DATA, 'dicompyler_rtss.dcm'));

describe.skipIf(!HAVE)(`validate inputs from real DICOM RT files (needs ${DATA})`, () => {
  it('an RTSTRUCT file is read as DICOM structures with its frame of reference', () => {
    const path = join(DATA, 'dicompyler_rtss.dcm');
    expect(isDicomPath(path)).toBe(true);
    const s = loadStructures(path);
    expect(s.isDicom).toBe(true);
    expect(s.labels).toBeUndefined();
    expect(s.set.frameOfReferenceUid).not.toBe('');
    expect(s.set.structures.map((x) => x.name)).toContain('BODY');
    expect(s.set.structures.find((x) => x.name === 'BODY')!.contours.length).toBeGreaterThan(10);
  });

  it('an RTPLAN is read into the engine plan, with its prescription and frame of reference', () => {
    const p = loadPlan(join(DATA, 'dicompyler_rtplan.dcm'));
    expect(p.isDicom).toBe(true);
    expect(p.plan.beams.length).toBeGreaterThanOrEqual(4);
    expect(p.frameOfReferenceUid).not.toBe('');
    // TargetPrescriptionDose 14 Gy over 7 fractions planned: 2 Gy per fraction becomes the report's unit.
    expect(resolvePrescription(undefined, p.plan, 'rtplan.dcm')).toEqual({
      prescriptionGy: expect.closeTo(2, 9) as number,
      prescriptionSource: 'plan',
    });
  });
});

describe('input routing', () => {
  it('a label map needs its structures.json: <stem>.json first, then structures.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'equidose-li-'));
    const labels = join(dir, 'rois.nii.gz');
    expect(() => companionStructuresJson(labels)).toThrow(
      /needs its structures.json \(looked for rois.json and structures.json\)/,
    );
    writeFileSync(join(dir, 'structures.json'), '{}');
    expect(companionStructuresJson(labels)).toBe(join(dir, 'structures.json'));
    writeFileSync(join(dir, 'rois.json'), '{}');
    expect(companionStructuresJson(labels)).toBe(join(dir, 'rois.json'));
  });

  it('a missing path is an InputError naming the file', () => {
    expect(() => isDicomPath('/no/such/plan.json')).toThrow(/no such file or directory/);
    expect(() => loadPlan('/no/such/plan.json')).toThrow(/no such file/);
  });

  it('--prescription-gy wins over the plan; a plan without one needs it', () => {
    const plan = { machine: 'generic-6MV', prescriptionGy: 2, beams: [] };
    expect(resolvePrescription(1.8, plan, 'p')).toEqual({ prescriptionGy: 1.8, prescriptionSource: 'cli' });
    expect(resolvePrescription(undefined, plan, 'p')).toEqual({
      prescriptionGy: 2,
      prescriptionSource: 'plan',
    });
    expect(() => resolvePrescription(undefined, { machine: 'generic-6MV', beams: [] }, 'p')).toThrow(
      /--prescription-gy/,
    );
  });

  it('--model: paths are kept; a bare id falls back to the shipped models/<id> only when that exists', () => {
    const dir = mkdtempSync(join(tmpdir(), 'equidose-model-'));
    expect(resolveModelRef(dir)).toBe(dir);
    expect(resolveModelRef('no-such-model-id')).toBe('no-such-model-id');
    expect(resolveModelRef('./relative/model.onnx')).toBe('./relative/model.onnx');
  });
});
