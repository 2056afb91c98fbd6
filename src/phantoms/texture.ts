import type { Size3 } from '../core/grid.js';
import type { Vec3 } from '../core/vec3.js';
import type { Prng } from './prng.js';

/**
 * Spatially correlated texture: value noise on a lattice of pitch `latticeMm` (normal lattice values,
 * smoothstep-weighted trilinear interpolation), rescaled to zero mean and unit SD over the voxels evaluated.
 * Correlation length ≈ latticeMm, independent of the voxel size, so coarse test grids keep the same
 * anatomy-scale texture. Only voxels where `where` ≠ 0 are evaluated (the rest stay 0): texture outside the
 * body is never used. Memory order i fastest.
 */
export function correlatedNoise(
  size: Size3,
  spacingMm: Vec3,
  latticeMm: number,
  rng: Prng,
  where: Uint8Array,
): Float32Array {
  const [nx, ny, nz] = size;
  const axes = [0, 1, 2].map((d) => latticeAxis(size[d] as number, spacingMm[d] as number, latticeMm));
  const [ax, ay, az] = axes as [LatticeAxis, LatticeAxis, LatticeAxis];
  const lx = ax.count;
  const ly = ay.count;
  const lattice = new Float64Array(lx * ly * az.count);
  for (let n = 0; n < lattice.length; n++) lattice[n] = rng.normal4();
  const out = new Float32Array(nx * ny * nz);
  let sum = 0;
  let sum2 = 0;
  let count = 0;
  for (let k = 0; k < nz; k++) {
    const k0 = az.cell[k] as number;
    const wz = az.weight[k] as number;
    for (let j = 0; j < ny; j++) {
      const j0 = ay.cell[j] as number;
      const wy = ay.weight[j] as number;
      const b00 = lx * (j0 + ly * k0);
      const b10 = b00 + lx;
      const b01 = b00 + lx * ly;
      const b11 = b01 + lx;
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        if (where[row + i] === 0) continue;
        const i0 = ax.cell[i] as number;
        const wx = ax.weight[i] as number;
        const c00 = lerp(lattice[b00 + i0] as number, lattice[b00 + i0 + 1] as number, wx);
        const c10 = lerp(lattice[b10 + i0] as number, lattice[b10 + i0 + 1] as number, wx);
        const c01 = lerp(lattice[b01 + i0] as number, lattice[b01 + i0 + 1] as number, wx);
        const c11 = lerp(lattice[b11 + i0] as number, lattice[b11 + i0 + 1] as number, wx);
        const v = lerp(lerp(c00, c10, wy), lerp(c01, c11, wy), wz);
        out[row + i] = v;
        sum += v;
        sum2 += v * v;
        count++;
      }
    }
  }
  const mean = count > 0 ? sum / count : 0;
  const sd = count > 0 ? Math.sqrt(Math.max(1e-12, sum2 / count - mean * mean)) : 1;
  for (let m = 0; m < out.length; m++) if (where[m] !== 0) out[m] = ((out[m] as number) - mean) / sd;
  return out;
}

interface LatticeAxis {
  count: number;
  cell: Int32Array;
  weight: Float64Array;
}

/** Lattice cell and smoothstep weight of every voxel along one axis. */
function latticeAxis(n: number, spacingMm: number, latticeMm: number): LatticeAxis {
  const count = Math.floor(((n - 1) * spacingMm) / latticeMm) + 2;
  const cell = new Int32Array(n);
  const weight = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const t = (q * spacingMm) / latticeMm;
    const c = Math.min(count - 2, Math.floor(t));
    const f = t - c;
    cell[q] = c;
    weight[q] = f * f * (3 - 2 * f);
  }
  return { count, cell, weight };
}

const lerp = (a: number, b: number, t: number): number => a + (b - a) * t;

/** In-place [1 2 1]/4 smoothing along i and along j of every k-plane: a ~1-voxel scanner point-spread function. */
export function smoothInPlane121(data: Float32Array, size: Size3): void {
  const [nx, ny, nz] = size;
  const line = new Float64Array(Math.max(nx, ny));
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) line[i] = data[row + i] as number;
      for (let i = 1; i < nx - 1; i++)
        data[row + i] =
          0.25 * (line[i - 1] as number) + 0.5 * (line[i] as number) + 0.25 * (line[i + 1] as number);
    }
    for (let i = 0; i < nx; i++) {
      const base = i + nx * ny * k;
      for (let j = 0; j < ny; j++) line[j] = data[base + nx * j] as number;
      for (let j = 1; j < ny - 1; j++)
        data[base + nx * j] =
          0.25 * (line[j - 1] as number) + 0.5 * (line[j] as number) + 0.25 * (line[j + 1] as number);
    }
  }
}

/**
 * A smooth multiplicative MR receive-bias field, separable: b = fx(x) · fy(y) · fz(z), each a quadratic in the
 * normalised coordinate X ∈ [−1, 1]: 1 + a·X + c·(X² − 1/3), |a|, |c| ≤ amplitude. Returns the three factors.
 */
export function biasFactors(
  size: Size3,
  amplitudeRel: number,
  rng: Prng,
): [Float64Array, Float64Array, Float64Array] {
  const factors = [0, 1, 2].map((d) => {
    const n = size[d] as number;
    const a = rng.range(-amplitudeRel, amplitudeRel);
    const c = rng.range(-amplitudeRel, amplitudeRel);
    const f = new Float64Array(n);
    for (let q = 0; q < n; q++) {
      const x = n > 1 ? (2 * q) / (n - 1) - 1 : 0;
      f[q] = 1 + a * x + c * (x * x - 1 / 3);
    }
    return f;
  });
  return factors as [Float64Array, Float64Array, Float64Array];
}
