import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../src/core/errors.js';
import { readRtPlan } from '../../../src/dicom/rtplan.js';
import { type EditableDataset, editDicom, items } from './dicom-edit.js';
import { EXPECTED, HAVE_SHARED_DATA, SKIP_NOTE, dataPath, sha256File } from './real-data.js';

const MU_REL = 1e-12; // MU per segment is (Δw / final) × meterset in float64: a few ulps.

describe.skipIf(!HAVE_SHARED_DATA)(`RTPLAN vs pydicom${SKIP_NOTE}`, () => {
  it('pydicom_rtplan.dcm: one static photon field, isocentre, jaws, MU, HFS, prescription per fraction', () => {
    const e = EXPECTED.rtplan['pydicom']!;
    expect(sha256File(dataPath(e.file))).toBe(e.sha256);
    const read = readRtPlan(dataPath(e.file));
    const b = e.beams[0]!;
    expect(read.beams.map((x) => [x.beamNumber, x.name, x.controlPointCount, x.mu])).toEqual([
      [b.beamNumber, b.name, b.numberOfControlPoints, b.beamMetersetMu],
    ]);
    expect(read.warnings).toEqual([]);
    expect(read.plan.patientPosition).toBe(e.patientPosition);
    expect(read.plan.prescriptionGy).toBeCloseTo(
      e.targetPrescriptionDoseGy! / e.numberOfFractionsPlanned,
      12,
    );
    expect(read.plan.beams).toHaveLength(1);
    const field = read.plan.beams[0]!;
    const cp0 = b.controlPoints[0]!;
    expect(field.gantryDeg).toBe(cp0.gantryDeg);
    expect(field.collimatorDeg).toBe(cp0.collimatorDeg);
    expect(field.couchDeg).toBe(cp0.couchDeg);
    expect(field.isocenterMm).toEqual(b.isocenterLpsMm);
    expect([field.jawsMm.x1, field.jawsMm.x2]).toEqual(cp0.devices['X']);
    expect([field.jawsMm.y1, field.jawsMm.y2]).toEqual(cp0.devices['Y']);
    expect(field.mlc).toBeUndefined();
    expect(field.mu).toBe(b.beamMetersetMu);
  });

  it('dicompyler_rtplan.dcm: 4 dynamic-MLC beams sampled per control-point interval, MU conserved', () => {
    const e = EXPECTED.rtplan['dicompyler']!;
    expect(sha256File(dataPath(e.file))).toBe(e.sha256);
    const read = readRtPlan(dataPath(e.file));
    expect(read.beams).toHaveLength(4);
    expect(read.plan.patientPosition).toBe('HFS');
    expect(read.fractionsPlanned).toBe(7);
    for (const b of e.beams) {
      const summary = read.beams.find((x) => x.beamNumber === b.beamNumber)!;
      expect(summary.controlPointCount).toBe(b.numberOfControlPoints);
      expect(summary.gantryDeg).toBe(b.controlPoints[0]!.gantryDeg);
      const fields = read.plan.beams.filter((f) => f.name.startsWith(`${b.name} [`));
      const w = b.cumulativeMetersetWeights;
      const expectedMu = w
        .slice(1)
        .map((x, n) => ((x - w[n]!) / b.finalCumulativeMetersetWeight) * b.beamMetersetMu)
        .filter((mu) => mu > 1e-9);
      expect(fields.map((f) => f.mu)).toHaveLength(expectedMu.length);
      fields.forEach((f, n) =>
        expect(Math.abs(f.mu - expectedMu[n]!) / b.beamMetersetMu).toBeLessThan(MU_REL),
      );
      const total = fields.reduce((s, f) => s + f.mu, 0);
      expect(Math.abs(total - b.beamMetersetMu) / b.beamMetersetMu).toBeLessThan(MU_REL);
      // First interval: leaves at the mean of control points 0 and 1, boundaries as stored, static gantry.
      const first = fields[0]!;
      const [cp0, cp1] = b.controlPoints as [(typeof b.controlPoints)[0], (typeof b.controlPoints)[0]];
      expect(first.gantryDeg).toBe(cp0.gantryDeg);
      expect(first.isocenterMm).toEqual(b.isocenterLpsMm);
      expect(first.mlc!.leafBoundariesMm).toEqual(b.leafBoundariesMm);
      const pairs = b.leafBoundariesMm!.length - 1;
      const leaves = cp0.devices['MLCX']!.map((v, n) => (v + cp1.devices['MLCX']![n]!) / 2);
      first.mlc!.leafPairsMm.forEach(([xa, xb], n) => {
        expect(xa).toBeCloseTo(leaves[n]!, 12);
        expect(xb).toBeCloseTo(leaves[n + pairs]!, 12);
      });
      expect([first.jawsMm.x1, first.jawsMm.x2]).toEqual(cp0.devices['ASYMX']);
      expect([first.jawsMm.y1, first.jawsMm.y2]).toEqual(cp0.devices['ASYMY']);
    }
    expect(
      read.warnings.filter((w) => w.includes('approximated as static fields at their midpoints')),
    ).toHaveLength(4);
  });
});

describe.skipIf(!HAVE_SHARED_DATA)(`RTPLAN variants built from pydicom_rtplan.dcm${SKIP_NOTE}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'equidose-rtplan-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let count = 0;
  const variant = (edit: (ds: EditableDataset, beam: EditableDataset) => void): string => {
    const path = join(dir, `plan-${count++}.dcm`);
    writeFileSync(
      path,
      editDicom(dataPath('dicom/pydicom_rtplan.dcm'), (ds) => edit(ds, items(ds, 'BeamSequence')[0]!)),
    );
    return path;
  };
  const jaws = (x: number[], y: number[]): EditableDataset[] => [
    { RTBeamLimitingDeviceType: 'ASYMX', LeafJawPositions: x },
    { RTBeamLimitingDeviceType: 'ASYMY', LeafJawPositions: y },
  ];

  it('step-and-shoot: two segments with their own MLC apertures and exact MU, no approximation warning', () => {
    const boundaries = [-20, -10, 0, 10, 20];
    const apertureA = [-5, -5, -5, -5, 5, 5, 5, 5];
    const apertureB = [-15, -2, -2, -15, 15, 2, 2, 15];
    const path = variant((_ds, beam) => {
      beam['BeamLimitingDeviceSequence'] = [
        { RTBeamLimitingDeviceType: 'ASYMX', NumberOfLeafJawPairs: 1 },
        { RTBeamLimitingDeviceType: 'ASYMY', NumberOfLeafJawPairs: 1 },
        { RTBeamLimitingDeviceType: 'MLCX', NumberOfLeafJawPairs: 4, LeafPositionBoundaries: boundaries },
      ];
      const cps = items(beam, 'ControlPointSequence');
      const cp0 = cps[0]!;
      cp0['BeamLimitingDevicePositionSequence'] = [
        ...jaws([-20, 20], [-20, 20]),
        { RTBeamLimitingDeviceType: 'MLCX', LeafJawPositions: apertureA },
      ];
      const mlc = (p: number[]): EditableDataset[] => [
        { RTBeamLimitingDeviceType: 'MLCX', LeafJawPositions: p },
      ];
      beam['ControlPointSequence'] = [
        cp0,
        { ControlPointIndex: 1, CumulativeMetersetWeight: 0.4 },
        {
          ControlPointIndex: 2,
          CumulativeMetersetWeight: 0.4,
          BeamLimitingDevicePositionSequence: mlc(apertureB),
        },
        { ControlPointIndex: 3, CumulativeMetersetWeight: 1 },
      ];
      beam['NumberOfControlPoints'] = 4;
    });
    const read = readRtPlan(path);
    expect(read.warnings).toEqual([]);
    const meterset = EXPECTED.rtplan['pydicom']!.beams[0]!.beamMetersetMu;
    expect(read.plan.beams.map((f) => f.name)).toEqual(['Field 1 [cp 0→1]', 'Field 1 [cp 2→3]']);
    expect(read.plan.beams[0]!.mu).toBeCloseTo(0.4 * meterset, 10);
    expect(read.plan.beams[1]!.mu).toBeCloseTo(0.6 * meterset, 10);
    expect(read.plan.beams[0]!.mlc!.leafPairsMm).toEqual([
      [-5, 5],
      [-5, 5],
      [-5, 5],
      [-5, 5],
    ]);
    expect(read.plan.beams[1]!.mlc!.leafPairsMm).toEqual([
      [-15, 15],
      [-2, 2],
      [-2, 2],
      [-15, 15],
    ]);
    expect(read.plan.beams[1]!.mlc!.leafBoundariesMm).toEqual(boundaries);
  });

  it('arc: a 350°→10° CW control-point interval becomes one field at 0° with a warning', () => {
    const path = variant((_ds, beam) => {
      const cps = items(beam, 'ControlPointSequence');
      cps[0]!['GantryAngle'] = 350;
      cps[0]!['GantryRotationDirection'] = 'CW';
      cps[1]!['GantryAngle'] = 10;
      beam['BeamType'] = 'DYNAMIC';
    });
    const read = readRtPlan(path);
    expect(read.plan.beams).toHaveLength(1);
    expect(read.plan.beams[0]!.gantryDeg).toBe(0);
    expect(read.warnings).toEqual([
      "beam 1 'Field 1' (DYNAMIC): 1 of 1 control-point intervals move (arc or dynamic MLC) and are approximated as static fields at their midpoints",
    ]);
  });

  it('couch (PatientSupportAngle) and collimator angles and patient position are carried over', () => {
    const path = variant((ds, beam) => {
      const cp0 = items(beam, 'ControlPointSequence')[0]!;
      cp0['PatientSupportAngle'] = 90;
      cp0['BeamLimitingDeviceAngle'] = 30;
      items(ds, 'PatientSetupSequence')[0]!['PatientPosition'] = 'FFP';
    });
    const read = readRtPlan(path);
    expect(read.plan.beams[0]).toMatchObject({ couchDeg: 90, collimatorDeg: 30, gantryDeg: 0 });
    expect(read.plan.patientPosition).toBe('FFP');
  });

  it.each([
    [
      'electrons',
      (_ds: EditableDataset, b: EditableDataset) => void (b['RadiationType'] = 'ELECTRON'),
      /RadiationType ELECTRON is not supported/,
    ],
    [
      'a wedge',
      (_ds: EditableDataset, b: EditableDataset) => void (b['NumberOfWedges'] = 1),
      /wedges are not supported/,
    ],
    [
      'a block',
      (_ds: EditableDataset, b: EditableDataset) => void (b['NumberOfBlocks'] = 1),
      /blocks are not supported/,
    ],
    [
      'brachytherapy',
      (ds: EditableDataset) => void (ds['BrachyTreatmentType'] = 'HDR'),
      /brachytherapy plans are not supported/,
    ],
    [
      'a sitting patient',
      (ds: EditableDataset) => void (items(ds, 'PatientSetupSequence')[0]!['PatientPosition'] = 'SITTING'),
      /patient position SITTING is not supported/,
    ],
  ])('refuses %s with UnsupportedError naming it', (_what, edit, message) => {
    const path = variant(edit);
    expect(() => readRtPlan(path)).toThrow(UnsupportedError);
    expect(() => readRtPlan(path)).toThrow(message);
  });
});
