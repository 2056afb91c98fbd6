import { describe, expect, it } from 'vitest';
import { beamFrameLps, lpsToBev } from '../../../src/dose/beam-geometry.js';
import { parsePlan } from '../../../src/dose/plan-file.js';
import { buildPhantom } from '../../../src/phantoms/build-phantom.js';
import { radiologicalDepthMm, redOfHu } from '../../../src/phantoms/mu-estimate.js';
import { apertureContains, maskCentresLps } from '../../../src/phantoms/plan-builder.js';
import { createVolume } from '../../../src/core/volume.js';
import { createGrid } from '../../../src/core/grid.js';

describe.each(['pelvis', 'head'] as const)('%s plan', (site) => {
  const c = buildPhantom(site, 31, { scale: 2 });
  const ptv = c.structures.masks.find((m) => m.name === 'PTV')!.mask;
  const points = maskCentresLps(ptv, c.grid);
  const margin = c.spec.plan.apertureMarginMm;

  it('is a valid HFS plan in the engine format with the spec beams, 5 mm × 60 leaf pairs, isocentre at the PTV centroid', () => {
    const plan = parsePlan(JSON.parse(JSON.stringify(c.plan)));
    expect(plan.patientPosition).toBe('HFS');
    expect(plan.prescriptionGy).toBe(2);
    expect(plan.beams.map((b) => b.gantryDeg)).toEqual(c.spec.plan.gantryDeg);
    const centroid = [0, 1, 2].map((d) => {
      let s = 0;
      for (let m = d; m < points.length; m += 3) s += points[m]!;
      return s / (points.length / 3);
    });
    for (const b of plan.beams) {
      expect(b.mlc!.leafPairsMm).toHaveLength(60);
      expect(b.mlc!.leafBoundariesMm[1]! - b.mlc!.leafBoundariesMm[0]!).toBe(5);
      for (let d = 0; d < 3; d++)
        expect(Math.abs(b.isocenterMm[d]! - centroid[d]!)).toBeLessThanOrEqual(0.05);
      expect(b.mu).toBeGreaterThan(0);
    }
  });

  it('every field covers the PTV projection with the aperture margin (every PTV voxel centre, margin square inside)', () => {
    for (const b of c.plan.beams) {
      for (let m = 0; m < points.length; m += 3) {
        const p: [number, number, number] = [points[m]!, points[m + 1]!, points[m + 2]!];
        if (!apertureContains(b, p, margin - 1e-6))
          expect.fail(`${b.name}: PTV point ${p.join(',')} not covered`);
      }
    }
  });

  it('the fields are conformal: each open leaf end and jaw is within 1 mm of the margin around the projection', () => {
    for (const b of c.plan.beams) {
      const frame = beamFrameLps(b, 'HFS');
      const proj: [number, number][] = [];
      for (let m = 0; m < points.length; m += 3) {
        const q = lpsToBev(frame, [points[m]!, points[m + 1]!, points[m + 2]!]);
        proj.push([q.xIsoMm, q.yIsoMm]);
      }
      const xs = proj.map((q) => q[0]);
      const ys = proj.map((q) => q[1]);
      expect(b.jawsMm.x1).toBeGreaterThan(Math.min(...xs) - margin - 1);
      expect(b.jawsMm.x2).toBeLessThan(Math.max(...xs) + margin + 1);
      expect(b.jawsMm.y1).toBeGreaterThan(Math.min(...ys) - margin - 1);
      expect(b.jawsMm.y2).toBeLessThan(Math.max(...ys) + margin + 1);
      const bounds = b.mlc!.leafBoundariesMm;
      b.mlc!.leafPairsMm.forEach(([xa, xb], l) => {
        const near = proj.filter(([, y]) => y + margin >= bounds[l]! && y - margin < bounds[l + 1]!);
        if (near.length === 0) {
          expect(xb - xa).toBe(0);
          return;
        }
        expect(xa).toBeGreaterThan(Math.min(...near.map((q) => q[0])) - margin - 0.11);
        expect(xb).toBeLessThan(Math.max(...near.map((q) => q[0])) + margin + 0.11);
      });
    }
  });
});

describe('first-order MU estimate', () => {
  it('radiological depth through a water box equals the geometric depth; RED follows the matRad knots', () => {
    const grid = createGrid({ size: [41, 41, 41], spacingMm: [5, 5, 5], originLpsMm: [-100, -100, -100] });
    const water = createVolume(grid, 'HU', new Float32Array(41 ** 3));
    const beam = {
      name: 'A',
      gantryDeg: 0,
      collimatorDeg: 0,
      couchDeg: 0,
      isocenterMm: [0, 0, 0] as [number, number, number],
      jawsMm: { x1: -50, x2: 50, y1: -50, y2: 50 },
      mu: 0,
    };
    // Gantry 0: the source is anterior (−P). Nearest-voxel sampling covers the grid to half a voxel beyond the
    // edge centre (−102.5 mm); 1 mm steps at 0.5, 1.5, …, 102.5 mm → 103 samples of RED 1.
    expect(radiologicalDepthMm(beam, water)).toBe(103);
    expect(redOfHu(0)).toBe(1);
    expect(redOfHu(-1000)).toBeCloseTo(0.001, 6);
    expect(redOfHu(350)).toBeCloseTo(1.199, 9);
    expect(redOfHu(225)).toBeCloseTo((1.095 + 1.199) / 2, 9);
  });

  it('pelvis: lateral beams (longer water-equivalent path) get more MU than the AP beam', () => {
    const c = buildPhantom('pelvis', 31, { scale: 2 });
    const mu = Object.fromEntries(c.plan.beams.map((b) => [b.gantryDeg, b.mu]));
    expect(mu[90]!).toBeGreaterThan(mu[0]!);
    expect(mu[270]!).toBeGreaterThan(mu[0]!);
  });
});
