import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatStructuresJson, parseStructuresJson } from '../../../src/io/structures-file.js';
import {
  buildPhantom,
  phantomFrameOfReferenceUid,
  phantomGrid,
  type PhantomCase,
} from '../../../src/phantoms/build-phantom.js';
import { loadPhantomSpec } from '../../../src/phantoms/phantom-spec.js';
import { Tissue } from '../../../src/phantoms/tissues.js';
import { PHANTOM_PIXEL_TOLERANCE_RATIO } from '../../helpers/tolerances.js';
import { rasterizeEvenOdd } from './even-odd.js';

/** SHA-256 over every output of a case (images, tissue map, label map, structures.json text, plan JSON). */
function phantomHash(c: PhantomCase): string {
  const h = createHash('sha256');
  for (const a of [c.ct.data, c.mr.data, c.tissue.data, c.structures.labelMap])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(formatStructuresJson(c.structures.set));
  h.update(JSON.stringify(c.plan));
  return h.digest('hex');
}

/**
 * Pinned hash of pelvis seed 7 at scale 4. The generator is deterministic by design (seeded sfc32, integer-order
 * loops, V8's platform-independent fdlibm Math functions); a change here means every phantom changed: bump it only
 * with an intended generator change, and say so in the commit.
 */
const PINNED_PELVIS_7_SCALE_4 = '7f0fd7eab2b0c460cf8f85f66d50c4d03a1f751c817c260bb622feed969c1831';

describe('buildPhantom: determinism and variation', () => {
  it('the same seed gives bit-identical outputs; the committed hash of a small case still holds', () => {
    const a = buildPhantom('pelvis', 7, { scale: 4 });
    const b = buildPhantom('pelvis', 7, { scale: 4 });
    expect(phantomHash(a)).toBe(phantomHash(b));
    expect(phantomHash(a)).toBe(PINNED_PELVIS_7_SCALE_4);
  });

  it('different seeds give different patients; 100 training seeds give 100 distinct anatomies', () => {
    const hashes = new Set<string>();
    for (let seed = 1000; seed < 1100; seed++) {
      const c = buildPhantom(seed % 2 === 0 ? 'pelvis' : 'head', seed, { scale: 5 });
      hashes.add(createHash('sha256').update(c.tissue.data).digest('hex'));
    }
    expect(hashes.size).toBe(100);
    const a = buildPhantom('head', 1, { scale: 4 });
    const b = buildPhantom('head', 2, { scale: 4 });
    expect(Buffer.compare(Buffer.from(a.ct.data.buffer), Buffer.from(b.ct.data.buffer))).not.toBe(0);
    expect(a.grid.frameOfReferenceUid).not.toBe(b.grid.frameOfReferenceUid);
  });

  it('full-size grids match the specs (pelvis 40×30×25 cm at 2×2×2.5 mm, head 20×24×22 cm at 1.5×1.5×2.5 mm)', () => {
    const pelvis = phantomGrid(loadPhantomSpec('pelvis'), 1);
    expect(pelvis.size).toEqual([200, 150, 100]);
    expect(pelvis.spacingMm).toEqual([2, 2, 2.5]);
    const head = phantomGrid(loadPhantomSpec('head'), 1);
    expect(head.size).toEqual([133, 160, 88]);
    // Centred on LPS (0, 0, 0).
    expect(pelvis.originLpsMm[0] + (pelvis.size[0] - 1) * 1).toBeCloseTo(0, 9);
    expect(phantomFrameOfReferenceUid('pelvis', 1)).toMatch(/^2\.25\.\d{1,39}$/);
    expect(pelvis.frameOfReferenceUid).toBe(phantomFrameOfReferenceUid('pelvis', 1));
  });
});

const sites = ['pelvis', 'head'] as const;

describe.each(sites)('%s phantom: images', (site) => {
  const c = buildPhantom(site, 1003, { scale: 2 });

  /** Voxels whose 3×3 in-plane neighbourhood is all `tissue` (the point-spread function cannot mix them). */
  const interior = (tissue: number): number[] => {
    const [nx, ny, nz] = c.grid.size;
    const t = c.tissue.data;
    const out: number[] = [];
    for (let k = 0; k < nz; k++)
      for (let j = 1; j < ny - 1; j++)
        for (let i = 1; i < nx - 1; i++) {
          const n = i + nx * (j + ny * k);
          let all = true;
          for (let b = -1; b <= 1 && all; b++)
            for (let a = -1; a <= 1 && all; a++) all = t[n + a + nx * b] === tissue;
          if (all) out.push(n);
        }
    return out;
  };
  const mean = (data: Float32Array, idx: number[]): number =>
    idx.reduce((s, n) => s + data[n]!, 0) / idx.length;

  /** Published adult CT-number ranges (HU) of the mean of each tissue (Schneider et al. 1996 and clinical practice). */
  const HU_RANGES: [number, number, number][] = [
    [Tissue.FAT, -130, -70],
    [Tissue.MUSCLE, 20, 70],
    [Tissue.TRABECULAR_BONE, 150, 500],
    [Tissue.CORTICAL_BONE, 900, 1600],
    [Tissue.GAS, -1024, -900],
    [Tissue.URINE, -5, 25],
    [Tissue.PROSTATE, 20, 60],
    [Tissue.WHITE_MATTER, 20, 35],
    [Tissue.GREY_MATTER, 30, 45],
    [Tissue.CSF, 0, 20],
    [Tissue.AIR, -1024, -990],
  ];

  it('CT: integer HU in [-1024, 3071]; tissue means in their published ranges; noise and texture present', () => {
    let checked = 0;
    const bad = c.ct.data.findIndex((v) => !Number.isInteger(v) || v < -1024 || v > 3071);
    expect(bad).toBe(-1);
    for (const [tissue, lo, hi] of HU_RANGES) {
      const idx = interior(tissue);
      if (idx.length < 20) continue;
      checked++;
      const m = mean(c.ct.data, idx);
      expect(m, `tissue ${tissue}`).toBeGreaterThanOrEqual(lo);
      expect(m, `tissue ${tissue}`).toBeLessThanOrEqual(hi);
    }
    expect(checked).toBeGreaterThanOrEqual(5);
    const muscle = interior(Tissue.MUSCLE);
    const m = mean(c.ct.data, muscle);
    const sd = Math.sqrt(muscle.reduce((s, n) => s + (c.ct.data[n]! - m) ** 2, 0) / muscle.length);
    // Quantum noise (spec) and texture add in quadrature; the PSF smooths only the texture part.
    expect(sd).toBeGreaterThan(c.spec.ctNoiseHu * 0.8);
    expect(sd).toBeLessThan(Math.hypot(c.spec.ctNoiseHu, 10) * 1.3);
  });

  it('MR (T1-like): fat brightest, cortical bone and air dark, fluid darker than muscle, Rician floor outside', () => {
    const fat = mean(c.mr.data, interior(Tissue.FAT));
    const muscle = mean(c.mr.data, interior(Tissue.MUSCLE));
    const air = mean(c.mr.data, interior(Tissue.AIR));
    expect(fat).toBeGreaterThan(1.8 * muscle);
    expect(air).toBeLessThan(0.1 * fat);
    const cortex = interior(Tissue.CORTICAL_BONE);
    if (cortex.length > 20) expect(mean(c.mr.data, cortex)).toBeLessThan(0.25 * muscle);
    const fluid = interior(site === 'pelvis' ? Tissue.URINE : Tissue.CSF);
    if (fluid.length > 20) expect(mean(c.mr.data, fluid)).toBeLessThan(0.7 * muscle);
    expect(c.mr.data.findIndex((v) => !(v >= 0))).toBe(-1);
  });
});

describe.each(sites)('%s phantom: structures', (site) => {
  const c = buildPhantom(site, 11, { scale: 3 });
  const { set, masks, labelMap } = c.structures;

  it('has BODY, PTV, CTV and the organs, every one non-empty and inside the body', () => {
    const names = set.structures.map((s) => s.name);
    expect(names.slice(0, 3)).toEqual(['BODY', 'PTV', 'CTV']);
    expect(names).toEqual(
      expect.arrayContaining(
        site === 'pelvis'
          ? ['Bladder', 'Rectum', 'FemoralHead_L', 'FemoralHead_R']
          : ['Brain', 'Brainstem', 'Eye_L', 'Eye_R'],
      ),
    );
    for (const m of masks) {
      let count = 0;
      for (let n = 0; n < m.mask.length; n++) {
        if (m.mask[n] === 0) continue;
        count++;
        if (c.body.data[n] !== 1) expect.fail(`${m.name} voxel ${n} outside BODY`);
      }
      expect(count, m.name).toBeGreaterThan(0);
    }
  });

  it('PTV = CTV expanded by the margin (exact Euclidean distance between voxel centres), within the body', () => {
    const [nx, ny, nz] = c.grid.size;
    const [dx, dy, dz] = c.grid.spacingMm;
    const ctv = masks.find((m) => m.name === 'CTV')!.mask;
    const ptv = masks.find((m) => m.name === 'PTV')!.mask;
    const ctvVoxels: number[][] = [];
    for (let n = 0; n < ctv.length; n++)
      if (ctv[n]) ctvVoxels.push([n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))]);
    const r2 = c.spec.ptvMarginMm ** 2;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const n = i + nx * (j + ny * k);
          const near = ctvVoxels.some(
            ([a, b, q]) => ((i - a!) * dx) ** 2 + ((j - b!) * dy) ** 2 + ((k - q!) * dz) ** 2 <= r2,
          );
          if (ptv[n] !== (near && c.body.data[n] === 1 ? 1 : 0))
            expect.fail(`PTV wrong at voxel ${i},${j},${k}`);
        }
  });

  it('contours are closed planar polygons that reproduce each mask exactly under even-odd filling', () => {
    for (const s of set.structures) {
      const mask = masks[s.label - 1]!.mask;
      const filled = rasterizeEvenOdd(s.contours, c.grid);
      let diff = 0;
      for (let n = 0; n < mask.length; n++) if (filled[n] !== mask[n]) diff++;
      expect(diff / mask.length, s.name).toBeLessThanOrEqual(PHANTOM_PIXEL_TOLERANCE_RATIO);
    }
  });

  it('the label map holds the highest-priority structure per voxel (CTV > PTV > organs > BODY)', () => {
    const order = [
      'CTV',
      'PTV',
      ...set.structures
        .slice(3)
        .map((s) => s.name)
        .reverse(),
      'BODY',
    ];
    for (let n = 0; n < labelMap.length; n++) {
      const winner = order.find((name) => masks.find((m) => m.name === name)!.mask[n] === 1);
      const expected = winner === undefined ? 0 : set.structures.find((s) => s.name === winner)!.label;
      if (labelMap[n] !== expected) expect(labelMap[n], `voxel ${n}`).toBe(expected);
    }
  });

  it('structures.json round-trips and carries the case frame of reference', () => {
    const back = parseStructuresJson(formatStructuresJson(set), 'mem');
    expect(back.frameOfReferenceUid).toBe(c.grid.frameOfReferenceUid);
    expect(back.structures.map((s) => [s.name, s.label, s.contours.length])).toEqual(
      set.structures.map((s) => [s.name, s.label, s.contours.length]),
    );
  });
});
