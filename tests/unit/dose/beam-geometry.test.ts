import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../../src/core/errors.js';
import type { Vec3 } from '../../../src/core/vec3.js';
import { beamFrameLps, bevHandedness, bevToLps, lpsToBev } from '../../../src/dose/beam-geometry.js';
import type { PatientPosition } from '../../../src/dose/plan.js';
import { BEAM_GEOMETRY_TOLERANCE_MM } from '../../helpers/tolerances.js';

const iso: Vec3 = [10, -20, 30];
const beam = (gantryDeg: number, collimatorDeg = 0, couchDeg = 0) => ({
  gantryDeg,
  collimatorDeg,
  couchDeg,
  isocenterMm: iso,
});
const close = (a: Vec3, b: Vec3, tol = BEAM_GEOMETRY_TOLERANCE_MM) =>
  a.forEach((v, d) => expect(Math.abs(v - b[d]!)).toBeLessThan(tol));
const rel = (f: ReturnType<typeof beamFrameLps>): Vec3 => [
  f.sourceLpsMm[0] - iso[0],
  f.sourceLpsMm[1] - iso[1],
  f.sourceLpsMm[2] - iso[2],
];

describe('IEC 61217 → LPS, head-first supine', () => {
  it('gantry 0 is an anterior beam: source anterior (−y), travelling posterior; collimator X = patient left', () => {
    const f = beamFrameLps(beam(0));
    close(rel(f), [0, -1000, 0]);
    close(f.axisLps, [0, 1, 0]);
    close(f.collXLps, [1, 0, 0]);
    close(f.collYLps, [0, 0, 1]);
  });
  it('gantry 90 puts the source at the patient left (+x); 180 posterior; 270 right', () => {
    close(rel(beamFrameLps(beam(90))), [1000, 0, 0], 1e-9);
    close(rel(beamFrameLps(beam(180))), [0, 1000, 0], 1e-9);
    close(rel(beamFrameLps(beam(270))), [-1000, 0, 0], 1e-9);
  });
  it('collimator 90 (counter-clockwise from the source) turns collimator X to +Yg = superior for G0', () => {
    const f = beamFrameLps(beam(0, 90));
    close(f.collXLps, [0, 0, 1], 1e-12);
    close(f.collYLps, [-1, 0, 0], 1e-12);
  });
  it('couch 90 (counter-clockwise from above) turns a G90 beam to come from the patient feet (−z)', () => {
    // couch rotates the patient by +90° about the vertical; in the patient frame the source turns by −90°:
    // support (X, Y) = Rz(−90°)·(1, 0) = (0, −1) → −Y support = inferior for HFS
    close(rel(beamFrameLps(beam(90, 0, 90))), [0, 0, -1000], 1e-9);
  });
  it('every frame is orthonormal and right-handed (collX × collY = towards the source)', () => {
    for (const position of ['HFS', 'HFP', 'FFS', 'FFP'] as PatientPosition[])
      for (const g of [0, 33, 90, 181, 270])
        for (const c of [0, 17, 90])
          for (const t of [0, 45, 270]) {
            const f = beamFrameLps(beam(g, c, t), position);
            expect(bevHandedness(f)).toBeCloseTo(1, 12);
            expect(Math.hypot(...f.axisLps)).toBeCloseTo(1, 12);
          }
  });
  it('LPS → BEV → LPS round trip; the isocentre is at (0, 0, SAD)', () => {
    const f = beamFrameLps(beam(33, 17, 12));
    const b = lpsToBev(f, iso);
    expect(Math.abs(b.xIsoMm) + Math.abs(b.yIsoMm)).toBeLessThan(1e-9);
    expect(b.axialMm).toBeCloseTo(1000, 9);
    const p: Vec3 = [40, 25, -60];
    const q = lpsToBev(f, p);
    close(bevToLps(f, q.xIsoMm, q.yIsoMm, q.axialMm), p);
  });
});

describe('other patient positions (DICOM C.7.3.1.1.2)', () => {
  it('G0 is anterior for supine (HFS, FFS) and posterior for prone (HFP, FFP) patients', () => {
    close(rel(beamFrameLps(beam(0), 'FFS')), [0, -1000, 0], 1e-9);
    close(rel(beamFrameLps(beam(0), 'HFP')), [0, 1000, 0], 1e-9);
    close(rel(beamFrameLps(beam(0), 'FFP')), [0, 1000, 0], 1e-9);
  });
  it('G90 enters from the patient left for HFS and from the patient right for FFS and HFP', () => {
    close(rel(beamFrameLps(beam(90), 'HFS')), [1000, 0, 0], 1e-9);
    close(rel(beamFrameLps(beam(90), 'FFS')), [-1000, 0, 0], 1e-9);
    close(rel(beamFrameLps(beam(90), 'HFP')), [-1000, 0, 0], 1e-9);
    close(rel(beamFrameLps(beam(90), 'FFP')), [1000, 0, 0], 1e-9);
  });
  it('gantry-frame Y (towards the gantry) is superior for head-first and inferior for feet-first', () => {
    close(beamFrameLps(beam(0), 'HFP').collYLps, [0, 0, 1], 1e-12);
    close(beamFrameLps(beam(0), 'FFS').collYLps, [0, 0, -1], 1e-12);
  });
  it('decubitus positions are refused with UnsupportedError naming the position', () => {
    expect(() => beamFrameLps(beam(0), 'HFDL')).toThrow(UnsupportedError);
    expect(() => beamFrameLps(beam(0), 'FFDR')).toThrow(/FFDR/);
  });
});
