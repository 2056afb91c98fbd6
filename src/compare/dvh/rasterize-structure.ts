import { GeometryError, InputError } from '../../core/errors.js';
import type { Grid3 } from '../../core/grid.js';
import type { Structure } from '../../core/structures.js';
import { lpsToIndex } from '../../core/transforms.js';
import type { StructureOccupancy } from './occupancy.js';
import { addPolygonCoverage, type CoverageWindow } from './polygon-coverage.js';

/** Options of contour rasterisation. */
export interface RasterizeOptions {
  /** Sub-rows per voxel row for the in-plane midpoint rule (exact along i). Default 8. */
  readonly subRowsPerVoxel?: number;
  /** Largest spread (mm) of one contour's points along the grid's k axis before it counts as not parallel. Default 0.05. */
  readonly planarityToleranceMm?: number;
}

interface Plane {
  /** Continuous k index of the plane. */
  k: number;
  polygons: Float64Array[];
  /** Slab [lo, hi] (continuous k) this plane represents. */
  lo: number;
  hi: number;
}

/**
 * Planar contours (patient LPS mm) → fractional occupancy on `grid`, in the grid's own i/j/k frame (so oblique
 * dose grids work). Rules:
 * - contours must be parallel to the grid's k planes (spread ≤ planarityToleranceMm along k), else GeometryError;
 * - contours on one plane combine by the even-odd rule (holes, several islands);
 * - between planes, each contour plane stands for a slab of the structure's median plane spacing h centred on it,
 *   cut at the midpoint to a nearer neighbour plane. END CAPS: the first and last planes therefore extend h/2
 *   beyond themselves — the midpoint rule for ∫area(z)dz, whose error is O(h²) (a sphere of radius R loses or
 *   gains ≈ h²/(8R²) of its volume), whereas no end cap biases every structure by one h/2 slab per end.
 *   A gap wider than h (a structure in two pieces) stays empty. A single-plane structure gets one dose-slice
 *   thickness.
 * - a dose voxel's occupancy = Σ over planes of (overlap of the plane's slab with the voxel's k extent) ×
 *   (area fraction of the voxel covered in that plane).
 * Parts outside the grid are dropped with a warning.
 */
export function rasterizeStructure(
  structure: Structure,
  grid: Grid3,
  options: RasterizeOptions = {},
): StructureOccupancy {
  const subRows = options.subRowsPerVoxel ?? 8;
  const tolMm = options.planarityToleranceMm ?? 0.05;
  if (!Number.isInteger(subRows) || subRows < 1 || subRows > 64)
    throw new InputError(`subRowsPerVoxel must be an integer in [1, 64], got ${subRows}`);
  const warnings: string[] = [];
  const planes = groupPlanes(structure, grid, tolMm, warnings);
  if (planes.length === 0) {
    warnings.push(`${structure.name}: no contours`);
    return {
      name: structure.name,
      grid,
      indices: new Uint32Array(0),
      fractions: new Float32Array(0),
      warnings,
    };
  }
  assignSlabs(planes);
  const window = planeWindow(planes, grid, structure.name, warnings);
  const nz = grid.size[2];
  const zLo = (planes[0] as Plane).lo;
  const zHi = (planes[planes.length - 1] as Plane).hi;
  if (zLo < -0.5 || zHi > nz - 0.5)
    warnings.push(`${structure.name}: extends beyond the dose grid along k; that part is not counted`);
  const out = new OccupancyBuilder();
  const kFirst = Math.max(0, Math.round(zLo));
  const kLast = Math.min(nz - 1, Math.round(zHi));
  accumulateSlices(planes, window, subRows, kFirst, kLast, (slice, k) =>
    emitSlice(slice, window, grid, k, out),
  );
  return { name: structure.name, grid, ...out.finish(), warnings };
}

/**
 * For each dose slice k in [kFirst, kLast]: Σ over planes of (slab ∩ slice thickness) × plane coverage, handed to
 * `emit`. Each plane's coverage is rasterised once and dropped once the slices have passed its slab.
 */
function accumulateSlices(
  planes: readonly Plane[],
  window: CoverageWindow,
  subRows: number,
  kFirst: number,
  kLast: number,
  emit: (slice: Float32Array, k: number) => void,
): void {
  const size = (window.i1 - window.i0 + 1) * (window.j1 - window.j0 + 1);
  const slice = new Float32Array(size);
  const coverage = new Map<Plane, Float32Array>();
  for (let k = kFirst; k <= kLast; k++) {
    slice.fill(0);
    let any = false;
    for (const p of planes) {
      if (p.hi <= k - 0.5) coverage.delete(p);
      const overlap = Math.min(p.hi, k + 0.5) - Math.max(p.lo, k - 0.5);
      if (overlap <= 0) continue;
      let c = coverage.get(p);
      if (!c) {
        c = new Float32Array(size);
        addPolygonCoverage(p.polygons, window, subRows, 1, c);
        coverage.set(p, c);
      }
      for (let n = 0; n < size; n++) slice[n] = (slice[n] as number) + overlap * (c[n] as number);
      any = true;
    }
    if (any) emit(slice, k);
  }
}

/** Growable typed arrays for the sparse occupancy (millions of entries for a body). */
class OccupancyBuilder {
  private indices = new Uint32Array(1 << 16);
  private fractions = new Float32Array(1 << 16);
  private length = 0;

  push(index: number, fraction: number): void {
    if (this.length === this.indices.length) {
      const grown = new Uint32Array(this.length * 2);
      grown.set(this.indices);
      this.indices = grown;
      const f = new Float32Array(this.length * 2);
      f.set(this.fractions);
      this.fractions = f;
    }
    this.indices[this.length] = index;
    this.fractions[this.length] = fraction;
    this.length++;
  }

  finish(): { indices: Uint32Array; fractions: Float32Array } {
    return { indices: this.indices.slice(0, this.length), fractions: this.fractions.slice(0, this.length) };
  }
}

/** Appends the non-zero voxels of one accumulated slice (window-local, i fastest) as flat grid indices. */
function emitSlice(
  slice: Float32Array,
  window: CoverageWindow,
  grid: Grid3,
  k: number,
  out: OccupancyBuilder,
): void {
  const [nx, ny] = grid.size;
  const width = window.i1 - window.i0 + 1;
  const height = window.j1 - window.j0 + 1;
  for (let j = 0; j < height; j++) {
    const base = window.i0 + nx * (window.j0 + j + ny * k);
    for (let i = 0; i < width; i++) {
      const f = slice[i + width * j] as number;
      if (f > 1e-7) out.push(base + i, f < 1 ? f : 1);
    }
  }
}

/** Transforms contours to continuous ijk, checks they are k-planar and groups them by plane (sorted by k). */
function groupPlanes(structure: Structure, grid: Grid3, tolMm: number, warnings: string[]): Plane[] {
  const planes: Plane[] = [];
  const tolK = tolMm / grid.spacingMm[2];
  structure.contours.forEach((contour, c) => {
    const pts = contour.pointsLpsMm;
    const nv = pts.length / 3;
    if (nv < 3) {
      warnings.push(`${structure.name}: contour ${c} has fewer than 3 points and is ignored`);
      return;
    }
    const xy = new Float64Array(2 * nv);
    let kMin = Infinity;
    let kMax = -Infinity;
    for (let v = 0; v < nv; v++) {
      const ijk = lpsToIndex(grid, [
        pts[3 * v] as number,
        pts[3 * v + 1] as number,
        pts[3 * v + 2] as number,
      ]);
      xy[2 * v] = ijk[0];
      xy[2 * v + 1] = ijk[1];
      kMin = Math.min(kMin, ijk[2]);
      kMax = Math.max(kMax, ijk[2]);
    }
    if (kMax - kMin > tolK)
      throw new GeometryError(
        `structure '${structure.name}' contour ${c} is not parallel to the dose grid's k planes ` +
          `(its points span ${((kMax - kMin) * grid.spacingMm[2]).toFixed(3)} mm along k; ` +
          `contours must lie in planes normal to the grid's k axis)`,
        { structure: structure.name, contour: c },
      );
    const k = (kMin + kMax) / 2;
    const same = planes.find((p) => Math.abs(p.k - k) <= tolK);
    if (same) same.polygons.push(xy);
    else planes.push({ k, polygons: [xy], lo: k, hi: k });
  });
  return planes.sort((a, b) => a.k - b.k);
}

/** Slab of each plane: ±h/2 (h = median plane spacing), cut at midpoints to the neighbours. */
function assignSlabs(planes: Plane[]): void {
  const gaps = planes
    .slice(1)
    .map((p, n) => p.k - (planes[n] as Plane).k)
    .sort((a, b) => a - b);
  const h = gaps.length === 0 ? 1 : (gaps[Math.floor((gaps.length - 1) / 2)] as number);
  planes.forEach((p, n) => {
    const prev = planes[n - 1];
    const next = planes[n + 1];
    p.lo = Math.max(p.k - h / 2, prev ? (prev.k + p.k) / 2 : -Infinity);
    p.hi = Math.min(p.k + h / 2, next ? (next.k + p.k) / 2 : Infinity);
  });
}

/** In-plane voxel window covering every polygon, clipped to the grid (warns when clipped). */
function planeWindow(
  planes: readonly Plane[],
  grid: Grid3,
  name: string,
  warnings: string[],
): CoverageWindow {
  let xMin = Infinity;
  let xMax = -Infinity;
  let yMin = Infinity;
  let yMax = -Infinity;
  for (const p of planes)
    for (const poly of p.polygons)
      for (let v = 0; v < poly.length; v += 2) {
        xMin = Math.min(xMin, poly[v] as number);
        xMax = Math.max(xMax, poly[v] as number);
        yMin = Math.min(yMin, poly[v + 1] as number);
        yMax = Math.max(yMax, poly[v + 1] as number);
      }
  const [nx, ny] = grid.size;
  if (xMin < -0.5 || yMin < -0.5 || xMax > nx - 0.5 || yMax > ny - 0.5)
    warnings.push(`${name}: extends beyond the dose grid in-plane; that part is not counted`);
  const clamp = (v: number, n: number): number => Math.min(n - 1, Math.max(0, v));
  return {
    i0: clamp(Math.floor(xMin + 0.5), nx),
    i1: clamp(Math.floor(xMax + 0.5), nx),
    j0: clamp(Math.floor(yMin + 0.5), ny),
    j1: clamp(Math.floor(yMax + 0.5), ny),
  };
}
