import { InputError } from '../core/errors.js';
import { createVolume, type Volume } from '../core/volume.js';
import type { Grid3 } from '../core/grid.js';
import { type Canvas, OVERWRITE_ANY } from './canvas.js';
import { squaredDistanceToMaskMm2 } from './distance-transform.js';
import { gaussianBlurInBox } from './gaussian-blur.js';
import { CT_MAX_HU, CT_MIN_HU } from './imaging.js';
import type { PhantomCase } from './build-phantom.js';
import { type Ellipsoid, paintEllipsoid } from './shapes.js';
import type { SctError } from './sct-error-spec.js';
import { formatSctError, SCT_ERROR_ORDER } from './sct-error-spec.js';
import { BONE_TISSUES, Tissue } from './tissues.js';

/** What an sCT error model may read: the case's ground truth. */
type Truth = Pick<PhantomCase, 'grid' | 'meanHu' | 'anatomy'> & { readonly tissue: Uint8Array };

/** A synthetic CT with known errors, and where each error was allowed to act. */
export interface SctResult {
  readonly sct: Volume<'HU', Float32Array>;
  /** The body mask of the sCT (differs from the CT's only under body-shift). */
  readonly body: Uint8Array;
  /** Per applied error (in application order): its `NAME=VALUE` and the voxels it may have changed (1). */
  readonly regions: readonly { readonly error: string; readonly region: Uint8Array }[];
}

/**
 * Applies the errors (in SCT_ERROR_ORDER whatever the given order) to a copy of the case's CT. Each error changes
 * only the voxels of its region; CT numbers stay integer-valued where the model computes them, and are clamped to
 * the CT range [−1024, 3071] HU. Voxels outside every region are bit-identical to the CT.
 */
export function applySctErrors(phantom: PhantomCase, errors: readonly SctError[]): SctResult {
  const truth: Truth = {
    grid: phantom.grid,
    meanHu: phantom.meanHu,
    anatomy: phantom.anatomy,
    tissue: phantom.tissue.data,
  };
  const hu = Float32Array.from(phantom.ct.data);
  let body: Uint8Array = Uint8Array.from(phantom.body.data);
  const sorted = [...errors].sort(
    (a, b) => SCT_ERROR_ORDER.indexOf(a.kind) - SCT_ERROR_ORDER.indexOf(b.kind),
  );
  const regions = sorted.map((e) => {
    const step = applyOne(e, hu, body, truth);
    body = step.body;
    return { error: formatSctError(e), region: step.region };
  });
  return { sct: createVolume(phantom.grid, 'HU', hu), body, regions };
}

interface Step {
  region: Uint8Array;
  body: Uint8Array;
}

function applyOne(e: SctError, hu: Float32Array, body: Uint8Array, t: Truth): Step {
  switch (e.kind) {
    case 'hu-offset':
      return { region: setWhere(hu, body, (v) => v + e.offsetHu), body };
    case 'bone-scale':
      return { region: setWhere(hu, boneIn(t.tissue, body), (v) => Math.round(v * e.factor)), body };
    case 'bulk':
      return { region: bulk(hu, body, t, e.mode), body };
    case 'air-pocket':
      return { region: e.mode === 'missing' ? removePocket(hu, t) : insertPocket(hu, t), body };
    case 'body-shift':
      return shiftBody(hu, body, t, e.shiftMm);
    case 'bone-blur':
      return { region: blurBoneEdges(hu, body, t, e.sigmaMm), body };
  }
}

/** Clamp to the CT range; `+ 0` normalises −0 (from Math.round) to +0. */
const clampHu = (v: number): number => (v < CT_MIN_HU ? CT_MIN_HU : v > CT_MAX_HU ? CT_MAX_HU : v) + 0;

/** hu[n] ← clamp(f(hu[n])) where region[n] ≠ 0; returns the region. */
function setWhere(hu: Float32Array, region: Uint8Array, f: (v: number) => number): Uint8Array {
  for (let n = 0; n < hu.length; n++) if (region[n] !== 0) hu[n] = clampHu(f(hu[n] as number));
  return region;
}

function boneIn(tissue: Uint8Array, body: Uint8Array): Uint8Array {
  const isBone = new Uint8Array(256);
  for (const b of BONE_TISSUES) isBone[b] = 1;
  const out = new Uint8Array(tissue.length);
  for (let n = 0; n < tissue.length; n++) out[n] = isBone[tissue[n] as number] === 1 && body[n] !== 0 ? 1 : 0;
  return out;
}

/** Bulk density: body → 0 HU; with 'water-bone', bone → the CT's mean bone HU (rounded). */
function bulk(hu: Float32Array, body: Uint8Array, t: Truth, mode: 'water' | 'water-bone'): Uint8Array {
  const bone = boneIn(t.tissue, body);
  let sum = 0;
  let count = 0;
  for (let n = 0; n < hu.length; n++) {
    if (bone[n] !== 0) {
      sum += hu[n] as number;
      count++;
    }
  }
  const boneHu = count > 0 ? Math.round(sum / count) : 0;
  for (let n = 0; n < hu.length; n++)
    if (body[n] !== 0) hu[n] = mode === 'water-bone' && bone[n] !== 0 ? boneHu : 0;
  return body;
}

/** Fills the largest enclosed gas pocket (6-connected gas not touching the grid boundary) with soft tissue. */
function removePocket(hu: Float32Array, t: Truth): Uint8Array {
  const pocket = largestEnclosedComponent(t.tissue, Tissue.GAS, t.grid);
  if (!pocket) throw new InputError('air-pocket=missing: this case has no enclosed gas pocket to remove');
  const fill = Math.round(t.meanHu[t.anatomy.pocketFillTissue] as number);
  return setWhere(hu, pocket, () => fill);
}

/** Puts gas (the case's gas HU) into the site's extra-pocket ellipsoid, on soft tissue only. */
function insertPocket(hu: Float32Array, t: Truth): Uint8Array {
  const canvas: Canvas = {
    size: t.grid.size,
    spacingMm: t.grid.spacingMm,
    originLpsMm: t.grid.originLpsMm,
    data: new Uint8Array(hu.length),
  };
  paintEllipsoid(canvas, t.anatomy.extraAirPocket as Ellipsoid, 1, OVERWRITE_ANY);
  const soft = new Uint8Array(256).fill(1);
  for (const x of [Tissue.AIR, Tissue.GAS, ...BONE_TISSUES]) soft[x] = 0;
  const region = canvas.data;
  for (let n = 0; n < region.length; n++)
    if (region[n] !== 0 && soft[t.tissue[n] as number] !== 1) region[n] = 0;
  const gasHu = Math.round(t.meanHu[Tissue.GAS] as number);
  return setWhere(hu, region, () => gasHu);
}

/** Moves the body surface by shiftMm along its in-plane normal (per k-plane Euclidean distance). */
function shiftBody(hu: Float32Array, body: Uint8Array, t: Truth, shiftMm: number): Step {
  const outward = shiftMm > 0;
  // Distance to the body (growing) or to the outside (shrinking).
  const target = outward ? body : Uint8Array.from(body, (b) => (b !== 0 ? 0 : 1));
  const d2 = squaredDistanceToMaskMm2(target, t.grid.size, t.grid.spacingMm, true);
  const limit2 = shiftMm * shiftMm;
  const region = new Uint8Array(hu.length);
  const newBody = Uint8Array.from(body);
  const value = outward
    ? Math.round(t.meanHu[t.anatomy.outerTissue] as number)
    : Math.round(t.meanHu[Tissue.AIR] as number);
  for (let n = 0; n < hu.length; n++) {
    const inside = body[n] !== 0;
    if (inside === outward) continue;
    const dd = d2[n] as number;
    if (dd > 0 && dd <= limit2) {
      region[n] = 1;
      newBody[n] = outward ? 1 : 0;
      hu[n] = clampHu(value);
    }
  }
  return { region, body: newBody };
}

/** Blurs the sCT with a Gaussian of SD sigmaMm within 2·sigmaMm of every bone surface (inside the body). */
function blurBoneEdges(hu: Float32Array, body: Uint8Array, t: Truth, sigmaMm: number): Uint8Array {
  const bone = boneIn(t.tissue, body);
  const notBone = Uint8Array.from(bone, (b) => (b !== 0 ? 0 : 1));
  const toBone = squaredDistanceToMaskMm2(bone, t.grid.size, t.grid.spacingMm);
  const toSoft = squaredDistanceToMaskMm2(notBone, t.grid.size, t.grid.spacingMm);
  const limit2 = 4 * sigmaMm * sigmaMm;
  const region = new Uint8Array(hu.length);
  const [nx, ny] = t.grid.size;
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  const hi: [number, number, number] = [-1, -1, -1];
  for (let n = 0; n < hu.length; n++) {
    if (body[n] === 0) continue;
    const d = bone[n] !== 0 ? (toSoft[n] as number) : (toBone[n] as number);
    if (d > limit2) continue;
    region[n] = 1;
    const ijk = [n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))];
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a] as number, ijk[a] as number);
      hi[a] = Math.max(hi[a] as number, ijk[a] as number);
    }
  }
  if (hi[0] < 0) return region;
  const blurred = gaussianBlurInBox(hu, t.grid.size, t.grid.spacingMm, sigmaMm, { lo, hi });
  return copyWhere(hu, blurred, region);
}

function copyWhere(hu: Float32Array, src: Float32Array, region: Uint8Array): Uint8Array {
  for (let n = 0; n < hu.length; n++) if (region[n] !== 0) hu[n] = clampHu(Math.round(src[n] as number));
  return region;
}

/** The largest 6-connected component of `value` voxels not touching the grid boundary (ties: first found). */
function largestEnclosedComponent(tissue: Uint8Array, value: number, grid: Grid3): Uint8Array | undefined {
  const seen = new Uint8Array(tissue.length);
  const stack = new Int32Array(tissue.length);
  let best: number[] | undefined;
  for (let start = 0; start < tissue.length; start++) {
    if (tissue[start] !== value || seen[start] !== 0) continue;
    const component = floodFill(tissue, value, grid, start, seen, stack);
    if (!component.touchesBoundary && (!best || component.members.length > best.length))
      best = component.members;
  }
  if (!best) return undefined;
  const mask = new Uint8Array(tissue.length);
  for (const n of best) mask[n] = 1;
  return mask;
}

/** 6-connected flood fill of `value` from `start`, marking `seen`. */
function floodFill(
  tissue: Uint8Array,
  value: number,
  grid: Grid3,
  start: number,
  seen: Uint8Array,
  stack: Int32Array,
): { members: number[]; touchesBoundary: boolean } {
  const [nx, ny, nz] = grid.size;
  const plane = nx * ny;
  const members: number[] = [];
  let touchesBoundary = false;
  let top = 0;
  stack[top++] = start;
  seen[start] = 1;
  const visit = (m: number): void => {
    if (seen[m] === 0 && tissue[m] === value) {
      seen[m] = 1;
      stack[top++] = m;
    }
  };
  while (top > 0) {
    const n = stack[--top] as number;
    members.push(n);
    const i = n % nx;
    const j = Math.floor(n / nx) % ny;
    const k = Math.floor(n / plane);
    if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) {
      touchesBoundary = true;
      // Boundary voxels still spread, so the whole component is consumed.
    }
    if (i > 0) visit(n - 1);
    if (i < nx - 1) visit(n + 1);
    if (j > 0) visit(n - nx);
    if (j < ny - 1) visit(n + nx);
    if (k > 0) visit(n - plane);
    if (k < nz - 1) visit(n + plane);
  }
  return { members, touchesBoundary };
}
