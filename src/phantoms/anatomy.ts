import type { RoiType } from '../core/structures.js';
import type { Vec3 } from '../core/vec3.js';
import { type Canvas, type OverwriteTable, blankLike, overwritable, OVERWRITE_ANY } from './canvas.js';
import {
  type Ellipsoid,
  type ZTube,
  paintEllipsoid,
  paintTube,
  shrinkEllipsoid,
  shrinkTube,
} from './shapes.js';
import { Tissue, type TissueHuVariation } from './tissues.js';

/** Either analytic shape the anatomy is built from. */
export type Shape =
  { readonly kind: 'ellipsoid'; readonly e: Ellipsoid } | { readonly kind: 'tube'; readonly t: ZTube };

export const ellipsoid = (e: Ellipsoid): Shape => ({ kind: 'ellipsoid', e });
export const tube = (t: ZTube): Shape => ({ kind: 'tube', t });

/** Paints a shape into the canvas where the overwrite table allows. */
export function paintShape(canvas: Canvas, shape: Shape, value: number, allowed: OverwriteTable): void {
  if (shape.kind === 'ellipsoid') paintEllipsoid(canvas, shape.e, value, allowed);
  else paintTube(canvas, shape.t, value, allowed);
}

/** The shape shrunk by `mm` on every side (approximately, for superquadrics). */
export const shrinkShape = (shape: Shape, mm: number): Shape =>
  shape.kind === 'ellipsoid'
    ? { kind: 'ellipsoid', e: shrinkEllipsoid(shape.e, mm) }
    : { kind: 'tube', t: shrinkTube(shape.t, mm) };

/** A binary mask (1 inside) of a union of shapes on the canvas geometry. */
export function shapeMask(canvas: Canvas, shapes: readonly Shape[]): Uint8Array {
  const mask = blankLike(canvas);
  for (const s of shapes) paintShape(mask, s, 1, OVERWRITE_ANY);
  return mask.data;
}

/** One bone of a group: its outer surface, and the thickness of its cortical shell. */
export interface BonePart {
  readonly shape: Shape;
  readonly corticalMm: number;
}

const SOFT_TISSUE = overwritable([Tissue.FAT, Tissue.MUSCLE]);
const SOFT_OR_BONE = overwritable([Tissue.FAT, Tissue.MUSCLE, Tissue.CORTICAL_BONE, Tissue.TRABECULAR_BONE]);
const CORTEX_ONLY = overwritable([Tissue.CORTICAL_BONE]);

/**
 * Paints a group of bones as one union: every outer surface as cortical bone, then every interior as trabecular
 * bone, so the cortex lies only on the union's outer surface. Bones replace fat and muscle (and, with
 * `overBone`, earlier bone), never organs, gas or air.
 */
export function paintBoneGroup(canvas: Canvas, parts: readonly BonePart[], overBone = false): void {
  for (const p of parts)
    paintShape(canvas, p.shape, Tissue.CORTICAL_BONE, overBone ? SOFT_OR_BONE : SOFT_TISSUE);
  for (const p of parts)
    paintShape(canvas, shrinkShape(p.shape, p.corticalMm), Tissue.TRABECULAR_BONE, CORTEX_ONLY);
}

/** A named binary structure produced by the anatomy (before label-map assembly). */
export interface StructureMask {
  readonly name: string;
  readonly type: RoiType;
  readonly colorRgb: Vec3;
  /** 1 inside, 0 outside; memory order i fastest on the case grid. */
  readonly mask: Uint8Array;
}

/** What a site generator produces for one seed. */
export interface SiteAnatomy {
  /** Tissue label per voxel (see Tissue). */
  readonly tissue: Canvas;
  readonly huVariation: TissueHuVariation;
  /** The clinical target volume (PTV = CTV + margin is derived from it). */
  readonly ctv: StructureMask;
  /** Organs at risk, in ROI-number order after BODY, PTV and CTV. */
  readonly organs: readonly StructureMask[];
  /** Where the `air-pocket=extra` sCT error inserts gas: soft tissue where the CT has none. */
  readonly extraAirPocket: Ellipsoid;
  /** Outermost body tissue: fills the shell the `body-shift` sCT error adds. */
  readonly outerTissue: number;
  /** Soft tissue that fills a gas pocket the `air-pocket=missing` sCT error removes. */
  readonly pocketFillTissue: number;
}
