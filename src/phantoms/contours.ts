import type { Grid3 } from '../core/grid.js';
import type { PlanarContour } from '../core/structures.js';
import { indexToLpsAffine } from '../core/transforms.js';

/**
 * Planar contours of a binary mask, one k-plane at a time, by marching squares on the voxel centres (iso-level
 * ½, vertices at the midpoints between an inside and an outside centre). Every contour is closed; holes come out
 * as separate polygons of opposite orientation, so even-odd filling of a plane's polygons, sampled at the voxel
 * centres, reproduces the mask exactly. Saddle cells keep diagonal neighbours apart (inside is 4-connected).
 * Consecutive collinear vertices are merged (exactly, in half-voxel integer arithmetic).
 */
export function maskToContours(mask: Uint8Array, grid: Grid3): PlanarContour[] {
  const [nx, ny, nz] = grid.size;
  const box = boundingBox(mask, nx, ny, nz);
  if (!box) return [];
  const w = nx + 2;
  const tracer = new SliceTracer(w, ny + 2);
  const affine = indexToLpsAffine(grid).rowsLps;
  const contours: PlanarContour[] = [];
  for (let k = box.k0; k <= box.k1; k++) {
    const loops = tracer.trace(mask, nx, ny, k, box);
    for (const loop of loops) {
      const n = loop.length / 2;
      const pts = new Float64Array(n * 3);
      for (let m = 0; m < n; m++) {
        // Doubled padded coordinates → continuous voxel indices.
        const i = (loop[2 * m] as number) / 2 - 1;
        const j = (loop[2 * m + 1] as number) / 2 - 1;
        for (let r = 0; r < 3; r++) {
          const row = affine[r] as (typeof affine)[0];
          pts[3 * m + r] = row[0] * i + row[1] * j + row[2] * k + row[3];
        }
      }
      contours.push({ pointsLpsMm: pts });
    }
  }
  return contours;
}

interface Box {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  k0: number;
  k1: number;
}

/** Bounding box (inclusive voxel indices) of the non-zero voxels, or undefined when there are none. */
export function boundingBox(mask: Uint8Array, nx: number, ny: number, nz: number): Box | undefined {
  let i0 = nx, i1 = -1, j0 = ny, j1 = -1, k0 = nz, k1 = -1; // prettier-ignore
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      for (let i = 0; i < nx; i++) {
        if (mask[row + i] === 0) continue;
        if (i < i0) i0 = i;
        if (i > i1) i1 = i;
        if (j < j0) j0 = j;
        if (j > j1) j1 = j;
        if (k < k0) k0 = k;
        k1 = k;
      }
    }
  }
  return i1 < 0 ? undefined : { i0, i1, j0, j1, k0, k1 };
}

// Edge ids on the padded plane (padded index p = voxel index + 1): horizontal edge from (p, q) to (p+1, q) is
// 2·(p + W·q); vertical edge from (p, q) to (p, q+1) is 2·(p + W·q) + 1.
// Segments per marching-squares case (corner bits a=(p,q):1, b=(p+1,q):2, c=(p+1,q+1):4, d=(p,q+1):8),
// oriented with the inside on the left; edge codes: 0 bottom, 1 right, 2 top, 3 left.
const SEGMENTS: readonly (readonly number[])[] = [
  [],
  [0, 3],
  [1, 0],
  [1, 3],
  [2, 1],
  [0, 3, 2, 1],
  [2, 0],
  [2, 3],
  [3, 2],
  [0, 2],
  [1, 0, 3, 2],
  [1, 2],
  [3, 1],
  [0, 1],
  [3, 0],
  [],
];

class SliceTracer {
  private readonly next: Int32Array;
  private readonly starts: number[] = [];

  constructor(
    private readonly w: number,
    h: number,
  ) {
    this.next = new Int32Array(2 * w * h).fill(-1);
  }

  /** Closed loops of plane k as flat [2p, 2q, …] doubled padded coordinates. */
  trace(mask: Uint8Array, nx: number, ny: number, k: number, box: Box): number[][] {
    const w = this.w;
    const plane = nx * ny * k;
    const at = (p: number, q: number): number =>
      p < 1 || q < 1 || p > nx || q > ny ? 0 : (mask[plane + (p - 1) + nx * (q - 1)] as number) !== 0 ? 1 : 0;
    this.starts.length = 0;
    for (let q = box.j0; q <= box.j1 + 1; q++) {
      for (let p = box.i0; p <= box.i1 + 1; p++) {
        const code = at(p, q) | (at(p + 1, q) << 1) | (at(p + 1, q + 1) << 2) | (at(p, q + 1) << 3);
        const segs = SEGMENTS[code] as readonly number[];
        for (let s = 0; s < segs.length; s += 2) {
          const from = edgeId(w, p, q, segs[s] as number);
          this.next[from] = edgeId(w, p, q, segs[s + 1] as number);
          this.starts.push(from);
        }
      }
    }
    const loops: number[][] = [];
    for (const start of this.starts) {
      if (this.next[start] === -1) continue;
      const ids: number[] = [];
      let id = start;
      while (id !== -1 && this.next[id] !== -1) {
        ids.push(id);
        const n = this.next[id] as number;
        this.next[id] = -1;
        id = n;
      }
      loops.push(simplify(ids.map((e) => edgePoint(w, e))));
    }
    return loops;
  }
}

function edgeId(w: number, p: number, q: number, edge: number): number {
  switch (edge) {
    case 0:
      return 2 * (p + w * q);
    case 1:
      return 2 * (p + 1 + w * q) + 1;
    case 2:
      return 2 * (p + w * (q + 1));
    default:
      return 2 * (p + w * q) + 1;
  }
}

/** Doubled padded coordinates [2p+1, 2q] (horizontal edge) or [2p, 2q+1] (vertical edge). */
function edgePoint(w: number, id: number): [number, number] {
  const cell = id >> 1;
  const p = cell % w;
  const q = (cell - p) / w;
  return id & 1 ? [2 * p, 2 * q + 1] : [2 * p + 1, 2 * q];
}

/** Drops vertices lying on the straight line between their neighbours; returns flat [x0, y0, x1, y1, …]. */
function simplify(points: [number, number][]): number[] {
  const n = points.length;
  const out: number[] = [];
  for (let m = 0; m < n; m++) {
    const a = points[(m + n - 1) % n] as [number, number];
    const b = points[m] as [number, number];
    const c = points[(m + 1) % n] as [number, number];
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (cross !== 0) out.push(b[0], b[1]);
  }
  return out;
}
