import type { Grid3 } from '../../core/grid.js';
import { type GammaSearchLattice, type RefToEvalMap } from './gamma-geometry.js';

/**
 * The search plan of the fast CPU path, for grid pairs whose reference → evaluated index map is a pure
 * translation (same axes and spacing, any origin: the usual case of two doses on one dose grid).
 *
 * Then every lattice offset lands at the same position relative to an evaluated cell for every reference
 * voxel, so offsets are grouped once by evaluated cell (integer delta) and, inside a cell, into bricks of
 * ≤ ~4 lattice steps per axis, each group sorted by its smallest distance. A trilinear field restricted to an
 * axis-aligned box takes its extreme values at the box corners, so the dose range of a cell (from precomputed
 * corner min/max) or of a brick (trilinear at its 8 corners) bounds γ² from below for all its offsets, and
 * whole groups are skipped without sampling. The minimum found is exactly the reference's minimum over the
 * same lattice.
 */
export interface FastGammaPlan {
  /** floor of the evaluated index of reference voxel (0,0,0). */
  readonly baseShift: readonly [number, number, number];
  readonly cellCount: number;
  /** Integer evaluated-cell delta per cell (3 per cell). */
  readonly cellDelta: Int32Array;
  readonly cellMinDistSq: Float64Array;
  /** Brick range [start, end) per cell. */
  readonly cellBricks: Int32Array;
  readonly brickMinDistSq: Float64Array;
  /** Fraction box per brick: fxMin, fxMax, fyMin, fyMax, fzMin, fzMax. */
  readonly brickFracBox: Float64Array;
  /** Bit d set when every offset of the brick has a non-zero fraction along axis d. */
  readonly brickNonzeroMask: Uint8Array;
  /** Offset range [start, end) per brick. */
  readonly brickOffsets: Int32Array;
  /** Fractions fx, fy, fz per offset (3 per offset). */
  readonly offsetFrac: Float64Array;
  readonly offsetDistSq: Float64Array;
  /** Bit d set when the offset's fraction along axis d is non-zero. */
  readonly offsetNonzeroMask: Uint8Array;
}

const SNAP = 1e-9;
/** Bricks hold at most this many lattice steps per axis: small enough to prune, large enough to pay for 8 samples. */
const BRICK_STEPS = 4;

/** Returns a plan when `map` is a translation that the fast path supports, otherwise undefined. */
export function planFastGamma(
  ref: Grid3,
  evaluated: Grid3,
  map: RefToEvalMap,
  lattice: GammaSearchLattice,
  searchStepMm: number,
): FastGammaPlan | undefined {
  for (let r = 0; r < 3; r++)
    for (let d = 0; d < 3; d++)
      if (Math.abs((map.linear[3 * r + d] as number) - (r === d ? 1 : 0)) > 1e-9) return undefined;
  for (let d = 0; d < 3; d++) {
    // A size-1 evaluated axis is only supported opposite a size-1 reference axis (no search along it).
    if (evaluated.size[d] === 1 && ref.size[d] !== 1) return undefined;
  }
  const baseShift: [number, number, number] = [0, 0, 0];
  const frac0: [number, number, number] = [0, 0, 0];
  for (let d = 0; d < 3; d++) {
    const t = snap(map.shift[d] as number);
    baseShift[d] = evaluated.size[d] === 1 ? Math.round(t) : Math.floor(t);
    frac0[d] = evaluated.size[d] === 1 ? 0 : t - (baseShift[d] as number);
  }
  const groups = new Map<string, { delta: [number, number, number]; members: number[] }>();
  const fr = new Float64Array(3 * lattice.count);
  for (let m = 0; m < lattice.count; m++) {
    const delta: [number, number, number] = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      const q = snap(
        (frac0[d] as number) + (lattice.offsetsMm[3 * m + d] as number) / (ref.spacingMm[d] as number),
      );
      const c = Math.floor(q);
      delta[d] = c;
      fr[3 * m + d] = q - c;
    }
    const key = delta.join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { delta, members: [] }));
    g.members.push(m);
  }
  const bricksPerAxis = [0, 1, 2].map((d) =>
    Math.max(1, Math.ceil((ref.spacingMm[d] as number) / searchStepMm / BRICK_STEPS)),
  );
  const cells = [...groups.values()].map((g) => ({
    delta: g.delta,
    bricks: splitBricks(g.members, fr, bricksPerAxis, lattice.distSqOverDtaSq),
  }));
  for (const c of cells) c.bricks.sort((a, b) => a.minSq - b.minSq);
  const cellMin = (c: (typeof cells)[number]): number => (c.bricks[0] as { minSq: number }).minSq;
  cells.sort((a, b) => cellMin(a) - cellMin(b));
  return packPlan(baseShift, cells, fr, lattice.distSqOverDtaSq);
}

const snap = (x: number): number => (Math.abs(x - Math.round(x)) < SNAP ? Math.round(x) : x);

interface Brick {
  members: number[];
  minSq: number;
}

function splitBricks(members: number[], fr: Float64Array, per: number[], distSq: Float64Array): Brick[] {
  const byKey = new Map<number, number[]>();
  for (const m of members) {
    let key = 0;
    for (let d = 0; d < 3; d++)
      key =
        key * 64 +
        Math.min((per[d] as number) - 1, Math.floor((fr[3 * m + d] as number) * (per[d] as number)));
    const list = byKey.get(key);
    if (list) list.push(m);
    else byKey.set(key, [m]);
  }
  return [...byKey.values()].map((list) => {
    list.sort((a, b) => (distSq[a] as number) - (distSq[b] as number));
    return { members: list, minSq: distSq[list[0] as number] as number };
  });
}

function packPlan(
  baseShift: readonly [number, number, number],
  cells: { delta: [number, number, number]; bricks: Brick[] }[],
  fr: Float64Array,
  distSq: Float64Array,
): FastGammaPlan {
  const brickCount = cells.reduce((s, c) => s + c.bricks.length, 0);
  const offsetCount = distSq.length;
  const plan: FastGammaPlan = {
    baseShift,
    cellCount: cells.length,
    cellDelta: new Int32Array(3 * cells.length),
    cellMinDistSq: new Float64Array(cells.length),
    cellBricks: new Int32Array(2 * cells.length),
    brickMinDistSq: new Float64Array(brickCount),
    brickFracBox: new Float64Array(6 * brickCount),
    brickNonzeroMask: new Uint8Array(brickCount),
    brickOffsets: new Int32Array(2 * brickCount),
    offsetFrac: new Float64Array(3 * offsetCount),
    offsetDistSq: new Float64Array(offsetCount),
    offsetNonzeroMask: new Uint8Array(offsetCount),
  };
  let b = 0;
  let o = 0;
  cells.forEach((cell, c) => {
    plan.cellDelta.set(cell.delta, 3 * c);
    plan.cellMinDistSq[c] = (cell.bricks[0] as Brick).minSq;
    plan.cellBricks[2 * c] = b;
    for (const brick of cell.bricks) {
      plan.brickMinDistSq[b] = brick.minSq;
      plan.brickOffsets[2 * b] = o;
      const box = [Infinity, -Infinity, Infinity, -Infinity, Infinity, -Infinity];
      for (const m of brick.members) {
        let mask = 0;
        for (let d = 0; d < 3; d++) {
          const f = fr[3 * m + d] as number;
          plan.offsetFrac[3 * o + d] = f;
          box[2 * d] = Math.min(box[2 * d] as number, f);
          box[2 * d + 1] = Math.max(box[2 * d + 1] as number, f);
          if (f > 0) mask |= 1 << d;
        }
        plan.offsetDistSq[o] = distSq[m] as number;
        plan.offsetNonzeroMask[o] = mask;
        o++;
      }
      plan.brickFracBox.set(box, 6 * b);
      plan.brickNonzeroMask[b] =
        ((box[0] as number) > 0 ? 1 : 0) |
        ((box[2] as number) > 0 ? 2 : 0) |
        ((box[4] as number) > 0 ? 4 : 0);
      plan.brickOffsets[2 * b + 1] = o;
      b++;
    }
    plan.cellBricks[2 * c + 1] = b;
  });
  return plan;
}
