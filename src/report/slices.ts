import type { Grid3 } from '../core/grid.js';
import { dot3, type Vec3 } from '../core/vec3.js';
import { lpsToIndex } from '../core/transforms.js';
import type { Volume } from '../core/volume.js';

/**
 * Display sampling of volumes for the report's slice views: a few evenly spaced planes per grid axis, each
 * block-reduced to at most `maxInPlanePx` per side and rounded, so the inlined report stays small. This is
 * image decimation for display only; no physics is computed here.
 */

export type SliceOrientation = 'axial' | 'coronal' | 'sagittal';

/** Planes normal to one grid axis. `slices[p][row][col]`: rows run along `yMm`, columns along `xMm`. */
export interface SliceStack {
  readonly orientation: SliceOrientation;
  /** Grid axis (0 = i, 1 = j, 2 = k) the planes are normal to. */
  readonly normalAxis: 0 | 1 | 2;
  /** LPS letter of the dominant direction of the column / row axes ("L", "P" or "S"). */
  readonly xLabel: string;
  readonly yLabel: string;
  /** LPS letter of the normal direction (the slider's coordinate). */
  readonly normalLabel: string;
  /** Position (mm along the grid axis, from the LPS origin) of each column / row centre. */
  readonly xMm: readonly number[];
  readonly yMm: readonly number[];
  /** Position (mm along the normal axis) of each plane. */
  readonly positionsMm: readonly number[];
  /** Values, NaN where nothing is defined (serialised as null: a gap in the heatmap). */
  readonly slices: readonly (readonly (readonly number[])[])[];
  /** Plane shown first (nearest the focus point). */
  readonly defaultIndex: number;
}

export type OrthogonalSlices = readonly [SliceStack, SliceStack, SliceStack];

export interface SliceSamplingOptions {
  /** At most this many samples per side in-plane (blocks of voxels are reduced). */
  readonly maxInPlanePx: number;
  /** At most this many planes per axis. */
  readonly maxPositions: number;
  /** Decimal places kept (HU: 0, Gy: 2, gamma: 2). */
  readonly decimals: number;
  /** Block reduction: mean for images and doses; max for gamma so a failing voxel stays visible. */
  readonly reduce: 'mean' | 'max';
  /** LPS point (mm) whose planes are shown first, e.g. the isocentre. */
  readonly focusLpsMm?: Vec3;
}

const LPS_LETTERS = ['L', 'P', 'S'] as const;

/** The LPS axis (0 L, 1 P, 2 S) a direction vector is closest to. */
function dominantLps(dir: Vec3): 0 | 1 | 2 {
  const a = dir.map(Math.abs);
  const [x, y, z] = [a[0] as number, a[1] as number, a[2] as number];
  return x >= y && x >= z ? 0 : y >= z ? 1 : 2;
}

const ORIENTATION_BY_NORMAL: Record<0 | 1 | 2, SliceOrientation> = {
  0: 'sagittal',
  1: 'coronal',
  2: 'axial',
};

/** Evenly spaced plane indices over [0, n), at most `max`, always including `focus`. */
export function planeIndices(n: number, max: number, focus: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, p) => p);
  const step = n / max;
  const picks = new Set<number>();
  for (let p = 0; p < max; p++) picks.add(Math.min(n - 1, Math.floor((p + 0.5) * step)));
  // Replace the pick nearest the focus by the focus itself, so the default view is exactly the focus plane.
  let nearest = -1;
  for (const v of picks) if (nearest < 0 || Math.abs(v - focus) < Math.abs(nearest - focus)) nearest = v;
  picks.delete(nearest);
  picks.add(focus);
  return [...picks].sort((a, b) => a - b);
}

/**
 * Position (mm) of continuous index `t` along grid axis `d`, measured along the +L/+P/+S direction the axis is
 * closest to, so an axis stored head-to-feet still displays with superior up.
 */
function axisPositionMm(grid: Grid3, d: 0 | 1 | 2): (t: number) => number {
  const axis = grid.axes[d];
  const sign = Math.sign(axis[dominantLps(axis)]);
  const offsetMm = dot3(grid.originLpsMm, axis);
  return (t) => sign * (offsetMm + t * grid.spacingMm[d]);
}

interface Block {
  readonly starts: number[];
  readonly centresMm: number[];
}

/** Blocks of `stride` voxels along axis `d`, with the mm position of each block centre. */
function blocksAlong(grid: Grid3, d: 0 | 1 | 2, stride: number): Block {
  const n = grid.size[d];
  const toMm = axisPositionMm(grid, d);
  const starts: number[] = [];
  const centresMm: number[] = [];
  for (let s = 0; s < n; s += stride) {
    const last = Math.min(n, s + stride) - 1;
    starts.push(s);
    centresMm.push(round(toMm((s + last) / 2), 2));
  }
  return { starts, centresMm };
}

function round(v: number, decimals: number): number {
  if (!Number.isFinite(v)) return NaN;
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
}

/** Reduces one block of a plane. `fixedAxis`/`fixedIndex` is the plane; (a, b) are the in-plane axes. */
function reduceBlock(
  volume: Volume,
  axesIdx: readonly [number, number, number],
  startA: number,
  startB: number,
  stride: number,
  fixed: number,
  reduce: 'mean' | 'max',
): number {
  const [nx, ny] = [volume.grid.size[0], volume.grid.size[1]];
  const [fa, a, b] = axesIdx;
  const endA = Math.min(volume.grid.size[a as 0 | 1 | 2], startA + stride);
  const endB = Math.min(volume.grid.size[b as 0 | 1 | 2], startB + stride);
  let acc = reduce === 'max' ? -Infinity : 0;
  let count = 0;
  const ijk = [0, 0, 0];
  ijk[fa as number] = fixed;
  for (let vb = startB; vb < endB; vb++) {
    ijk[b as number] = vb;
    for (let va = startA; va < endA; va++) {
      ijk[a as number] = va;
      const v = volume.data[
        (ijk[0] as number) + nx * ((ijk[1] as number) + ny * (ijk[2] as number))
      ] as number;
      if (Number.isNaN(v)) continue;
      acc = reduce === 'max' ? Math.max(acc, v) : acc + v;
      count++;
    }
  }
  if (count === 0) return NaN;
  return reduce === 'max' ? acc : acc / count;
}

function extractStack(volume: Volume, normal: 0 | 1 | 2, options: SliceSamplingOptions): SliceStack {
  const grid = volume.grid;
  const a = (normal === 0 ? 1 : 0) as 0 | 1 | 2;
  const b = (normal === 2 ? 1 : 2) as 0 | 1 | 2;
  const stride = Math.max(1, Math.ceil(Math.max(grid.size[a], grid.size[b]) / options.maxInPlanePx));
  const colBlocks = blocksAlong(grid, a, stride);
  const rowBlocks = blocksAlong(grid, b, stride);
  const focusIjk = options.focusLpsMm ? lpsToIndex(grid, options.focusLpsMm) : undefined;
  const n = grid.size[normal];
  const focus = focusIjk
    ? Math.min(n - 1, Math.max(0, Math.round(focusIjk[normal])))
    : Math.floor((n - 1) / 2);
  const planes = planeIndices(n, options.maxPositions, focus);
  const normalMm = axisPositionMm(grid, normal);
  const slices = planes.map((p) =>
    rowBlocks.starts.map((sb) =>
      colBlocks.starts.map((sa) =>
        round(reduceBlock(volume, [normal, a, b], sa, sb, stride, p, options.reduce), options.decimals),
      ),
    ),
  );
  return {
    orientation: ORIENTATION_BY_NORMAL[dominantLps(grid.axes[normal])],
    normalAxis: normal,
    xLabel: LPS_LETTERS[dominantLps(grid.axes[a])],
    yLabel: LPS_LETTERS[dominantLps(grid.axes[b])],
    normalLabel: LPS_LETTERS[dominantLps(grid.axes[normal])],
    xMm: colBlocks.centresMm,
    yMm: rowBlocks.centresMm,
    positionsMm: planes.map((p) => round(normalMm(p), 2)),
    slices,
    defaultIndex: planes.indexOf(focus),
  };
}

/**
 * Three stacks of planes (normal to the grid's k, j and i axes, in that order), decimated for display.
 * Memory: about 3 · maxPositions · maxInPlanePx² numbers.
 */
export function extractOrthogonalSlices(volume: Volume, options: SliceSamplingOptions): OrthogonalSlices {
  return [
    extractStack(volume, 2, options),
    extractStack(volume, 1, options),
    extractStack(volume, 0, options),
  ];
}
