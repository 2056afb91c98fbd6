import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { buildPhantom, type PhantomCase } from '../../../src/phantoms/build-phantom.js';
import { applySctErrors } from '../../../src/phantoms/sct-error-models.js';
import { parseSctError, parseSctErrors } from '../../../src/phantoms/sct-error-spec.js';
import { BONE_TISSUES, Tissue } from '../../../src/phantoms/tissues.js';

const clamp = (v: number): number => Math.min(3071, Math.max(-1024, v));

/** Every voxel outside `region` is bit-identical to the CT; returns how many voxels inside changed. */
function expectOnlyRegionChanged(c: PhantomCase, sct: Float32Array, region: (n: number) => boolean): number {
  let changed = 0;
  for (let n = 0; n < sct.length; n++) {
    const same = Object.is(sct[n], c.ct.data[n]);
    if (region(n)) {
      if (!same) changed++;
    } else if (!same) {
      expect.fail(`voxel ${n} outside the error's region changed: ${c.ct.data[n]} → ${sct[n]}`);
    }
  }
  return changed;
}

const isBone = (c: PhantomCase, n: number): boolean => BONE_TISSUES.includes(c.tissue.data[n]!);

describe('sCT error models: each changes what it says and nothing else', () => {
  const pelvis = buildPhantom('pelvis', 21, { scale: 2.5 });
  const head = buildPhantom('head', 21, { scale: 2 });

  it('hu-offset=HU adds HU inside the body (clamped to the CT range)', () => {
    const r = applySctErrors(pelvis, parseSctErrors(['hu-offset=35']));
    const changed = expectOnlyRegionChanged(pelvis, r.sct.data, (n) => pelvis.body.data[n] === 1);
    expect(changed).toBeGreaterThan(1000);
    for (let n = 0; n < r.sct.data.length; n++)
      if (pelvis.body.data[n] === 1 && r.sct.data[n] !== clamp(pelvis.ct.data[n]! + 35))
        expect.fail(`voxel ${n}`);
  });

  it('bone-scale=F multiplies bone CT numbers by F (rounded); soft tissue untouched', () => {
    const r = applySctErrors(pelvis, [parseSctError('bone-scale=0.8')]);
    expectOnlyRegionChanged(pelvis, r.sct.data, (n) => isBone(pelvis, n));
    let bone = 0;
    for (let n = 0; n < r.sct.data.length; n++) {
      if (!isBone(pelvis, n)) continue;
      bone++;
      if (r.sct.data[n] !== clamp(Math.round(pelvis.ct.data[n]! * 0.8))) expect.fail(`bone voxel ${n}`);
    }
    expect(bone).toBeGreaterThan(1000);
  });

  it('air-pocket=missing fills exactly the largest enclosed gas pocket with soft tissue', () => {
    for (const c of [pelvis, head]) {
      const r = applySctErrors(c, [parseSctError('air-pocket=missing')]);
      const region = r.regions[0]!.region;
      let size = 0;
      for (let n = 0; n < region.length; n++) {
        if (region[n] === 0) continue;
        size++;
        expect(c.tissue.data[n]).toBe(Tissue.GAS);
        expect(r.sct.data[n]).toBe(Math.round(c.meanHu[c.anatomy.pocketFillTissue]!));
      }
      expect(size).toBeGreaterThan(0);
      expectOnlyRegionChanged(c, r.sct.data, (n) => region[n] === 1);
    }
  });

  it('air-pocket=extra puts gas HU on the soft tissue of the site pocket, nowhere else', () => {
    for (const c of [pelvis, head]) {
      const r = applySctErrors(c, [parseSctError('air-pocket=extra')]);
      const region = r.regions[0]!.region;
      const e = c.anatomy.extraAirPocket;
      let size = 0;
      const [nx, ny] = c.grid.size;
      for (let n = 0; n < region.length; n++) {
        if (region[n] === 0) continue;
        size++;
        const t = c.tissue.data[n]!;
        expect(t !== Tissue.AIR && t !== Tissue.GAS && !isBone(c, n)).toBe(true);
        // Inside the ellipsoid (axis-aligned here).
        const p = [n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))].map(
          (q, d) => c.grid.originLpsMm[d]! + q * c.grid.spacingMm[d]! - e.centreMm[d]!,
        );
        expect(p.reduce((s, v, d) => s + (v / e.radiiMm[d]!) ** 2, 0)).toBeLessThanOrEqual(1 + 1e-9);
        expect(r.sct.data[n]).toBe(Math.round(c.meanHu[Tissue.GAS]!));
      }
      expect(size).toBeGreaterThan(10);
      expectOnlyRegionChanged(c, r.sct.data, (n) => region[n] === 1);
    }
  });

  it('body-shift=±MM moves the body surface by MM in-plane: a shell of outer tissue, or of air', () => {
    const [nx, ny, nz] = pelvis.grid.size;
    const [dx, dy] = pelvis.grid.spacingMm;
    for (const mm of [10, -10]) {
      const r = applySctErrors(pelvis, [parseSctError(`body-shift=${mm}`)]);
      const region = r.regions[0]!.region;
      expectOnlyRegionChanged(pelvis, r.sct.data, (n) => region[n] === 1);
      // Brute-force in-plane distance on a few planes.
      for (const k of [0, Math.floor(nz / 2), nz - 1]) {
        const edge: number[][] = [];
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            const inBody = pelvis.body.data[i + nx * (j + ny * k)] === 1;
            if (inBody === mm > 0) edge.push([i, j]);
          }
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++) {
            const n = i + nx * (j + ny * k);
            const inBody = pelvis.body.data[n] === 1;
            const d2 = Math.min(...edge.map(([a, b]) => ((i - a!) * dx) ** 2 + ((j - b!) * dy) ** 2));
            const expected = inBody !== mm > 0 && d2 <= mm * mm ? 1 : 0;
            if (region[n] !== expected)
              expect.fail(`plane ${k} voxel ${i},${j}: region ${region[n]} vs ${expected}`);
            if (expected) {
              const fill = mm > 0 ? pelvis.meanHu[pelvis.anatomy.outerTissue]! : -1000;
              expect(r.sct.data[n]).toBe(Math.round(fill));
              expect(r.body[n]).toBe(mm > 0 ? 1 : 0);
            }
          }
      }
    }
  });

  it('bulk=water sets the body to 0 HU; bulk=water-bone keeps bone at the mean bone HU', () => {
    const water = applySctErrors(pelvis, [parseSctError('bulk=water')]);
    expectOnlyRegionChanged(pelvis, water.sct.data, (n) => pelvis.body.data[n] === 1);
    const wb = applySctErrors(pelvis, [parseSctError('bulk=water-bone')]);
    let sum = 0;
    let count = 0;
    for (let n = 0; n < pelvis.ct.data.length; n++)
      if (isBone(pelvis, n)) {
        sum += pelvis.ct.data[n]!;
        count++;
      }
    const boneHu = Math.round(sum / count);
    expect(boneHu).toBeGreaterThan(300);
    for (let n = 0; n < pelvis.ct.data.length; n++) {
      if (pelvis.body.data[n] !== 1) continue;
      if (water.sct.data[n] !== 0) expect.fail(`water voxel ${n}`);
      if (wb.sct.data[n] !== (isBone(pelvis, n) ? boneHu : 0)) expect.fail(`water-bone voxel ${n}`);
    }
  });

  it('bone-blur=MM replaces voxels within 2·MM of a bone surface by a Gaussian blur, leaving the rest', () => {
    const sigma = 3;
    const c = pelvis;
    const r = applySctErrors(c, [parseSctError(`bone-blur=${sigma}`)]);
    const region = r.regions[0]!.region;
    expectOnlyRegionChanged(c, r.sct.data, (n) => region[n] === 1);
    const [nx, ny, nz] = c.grid.size;
    const sp = c.grid.spacingMm;
    // Independent brute-force blur (truncated at 3σ, renormalised) at sample region voxels.
    let checked = 0;
    for (let n = 0; n < region.length && checked < 40; n += 97) {
      if (region[n] !== 1) continue;
      const i = n % nx;
      const j = Math.floor(n / nx) % ny;
      const k = Math.floor(n / (nx * ny));
      const rad = sp.map((s) => Math.max(1, Math.ceil((3 * sigma) / s)));
      let acc = 0;
      let norm = 0;
      for (let c3 = Math.max(0, k - rad[2]!); c3 <= Math.min(nz - 1, k + rad[2]!); c3++)
        for (let b = Math.max(0, j - rad[1]!); b <= Math.min(ny - 1, j + rad[1]!); b++)
          for (let a = Math.max(0, i - rad[0]!); a <= Math.min(nx - 1, i + rad[0]!); a++) {
            const w =
              Math.exp(-0.5 * (((a - i) * sp[0]) / sigma) ** 2) *
              Math.exp(-0.5 * (((b - j) * sp[1]) / sigma) ** 2) *
              Math.exp(-0.5 * (((c3 - k) * sp[2]) / sigma) ** 2);
            acc += w * c.ct.data[a + nx * (b + ny * c3)]!;
            norm += w;
          }
      expect(Math.abs(r.sct.data[n]! - Math.round(acc / norm))).toBeLessThanOrEqual(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
    // The region is exactly the body voxels with a voxel of the other class (bone / not bone) within 2σ.
    const oppositeWithin = (n: number, r: number): boolean => {
      const i = n % nx;
      const j = Math.floor(n / nx) % ny;
      const k = Math.floor(n / (nx * ny));
      const self = isBone(c, n);
      const rad = sp.map((s) => Math.ceil(r / s));
      for (let c3 = Math.max(0, k - rad[2]!); c3 <= Math.min(nz - 1, k + rad[2]!); c3++)
        for (let b = Math.max(0, j - rad[1]!); b <= Math.min(ny - 1, j + rad[1]!); b++)
          for (let a = Math.max(0, i - rad[0]!); a <= Math.min(nx - 1, i + rad[0]!); a++) {
            const m = a + nx * (b + ny * c3);
            if (((a - i) * sp[0]) ** 2 + ((b - j) * sp[1]) ** 2 + ((c3 - k) * sp[2]) ** 2 > r * r) continue;
            if (isBone(c, m) !== self && c.body.data[m] === 1) return true;
          }
      return false;
    };
    let inRegion = 0;
    for (let n = 0; n < region.length; n += 13) {
      if (c.body.data[n] !== 1) continue;
      const expected = oppositeWithin(n, 2 * sigma) ? 1 : 0;
      if (region[n] !== expected) expect.fail(`voxel ${n}: region ${region[n]}, expected ${expected}`);
      inRegion += expected;
    }
    expect(inRegion).toBeGreaterThan(50);
  });

  it('errors combine in a fixed order (bone-scale before hu-offset) whatever the order given', () => {
    const a = applySctErrors(pelvis, parseSctErrors(['hu-offset=20', 'bone-scale=0.9']));
    const b = applySctErrors(pelvis, parseSctErrors(['bone-scale=0.9', 'hu-offset=20']));
    expect(a.sct.data).toEqual(b.sct.data);
    expect(a.regions.map((x) => x.error)).toEqual(['bone-scale=0.9', 'hu-offset=20']);
    for (let n = 0; n < pelvis.ct.data.length; n++) {
      if (!isBone(pelvis, n)) continue;
      if (a.sct.data[n] !== clamp(clamp(Math.round(pelvis.ct.data[n]! * 0.9)) + 20))
        expect.fail(`voxel ${n}`);
    }
  });
});

describe('sCT error parsing', () => {
  it.each([
    'frobnicate=1',
    'hu-offset=abc',
    'hu-offset=',
    'bone-scale=0',
    'bone-scale=3',
    'air-pocket=maybe',
    'body-shift=0',
    'body-shift=80',
    'bulk=bone',
    'bone-blur=-1',
  ])('refuses %s with an InputError naming the accepted forms', (text) => {
    expect(() => parseSctError(text)).toThrow(InputError);
  });

  it('refuses the same error twice', () => {
    expect(() => parseSctErrors(['hu-offset=1', 'hu-offset=2'])).toThrow(/given twice/);
  });
});
