import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import { createGrid, type Grid3 } from '../core/grid.js';
import { createVolume, type Volume } from '../core/volume.js';
import type { Vec3 } from '../core/vec3.js';
import type { Plan } from '../dose/plan.js';
import type { SiteAnatomy, StructureMask } from './anatomy.js';
import { assembleStructures, type PhantomStructures } from './assemble-structures.js';
import { createCanvas } from './canvas.js';
import { squaredDistanceToMaskMm2 } from './distance-transform.js';
import { buildHeadAnatomy } from './head-anatomy.js';
import { synthesizeCt, synthesizeMr } from './imaging.js';
import { estimatePlanMu } from './mu-estimate.js';
import { buildPelvisAnatomy } from './pelvis-anatomy.js';
import { type PhantomSite, type PhantomSpec, loadPhantomSpec } from './phantom-spec.js';
import { buildConformalPlan } from './plan-builder.js';
import { Prng } from './prng.js';
import { correlatedNoise } from './texture.js';
import { caseMeanHu } from './tissues.js';

export interface PhantomOptions {
  /** Multiplies the spec's voxel pitch (extent kept): 1 = full size, 4 = a fast coarse grid for tests/training. */
  readonly scale?: number;
  /** Overrides phantoms/<site>.json (tests, custom studies). */
  readonly spec?: PhantomSpec;
}

/** One digital patient. Every volume is on `grid`; memory order i fastest. */
export interface PhantomCase {
  readonly site: PhantomSite;
  readonly seed: number;
  readonly spec: PhantomSpec;
  readonly grid: Grid3;
  /** Tissue class per voxel (see Tissue): the ground truth the images are drawn from. */
  readonly tissue: Volume<'label', Uint8Array>;
  readonly ct: Volume<'HU', Float32Array>;
  readonly mr: Volume<'MR', Float32Array>;
  /** 1 inside the body (skin and everything within, internal gas included). */
  readonly body: Volume<'mask', Uint8Array>;
  readonly structures: PhantomStructures;
  /** HFS conformal plan; MU from the first-order estimate (see mu-estimate.ts) until normalised with the engine. */
  readonly plan: Plan;
  readonly anatomy: Pick<SiteAnatomy, 'extraAirPocket' | 'outerTissue' | 'pocketFillTissue'>;
  /** Mean HU per tissue label for this case. */
  readonly meanHu: Float64Array;
}

/** Seeds are 32-bit unsigned integers. */
export function validateSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new InputError(`phantom seed must be an integer in [0, 4294967295], got ${seed}`);
}

/** DICOM UID of the case's frame of reference: 2.25.<128 bits of SHA-256(site/seed)> (PS3.5 B.2). */
export function phantomFrameOfReferenceUid(site: PhantomSite, seed: number): string {
  const hex = createHash('sha256').update(`equidose-phantom/${site}/${seed}`).digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${hex}`).toString()}`;
}

/** The case grid: the spec's extent at spacing × scale, centred on LPS (0, 0, 0), identity axes. */
export function phantomGrid(spec: PhantomSpec, seed: number, scale = 1): Grid3 {
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new InputError(`phantom scale must be a positive number, got ${scale}`);
  const spacing = spec.spacingMm.map((s) => s * scale) as unknown as Vec3;
  const size = spec.extentMm.map((e, d) =>
    Math.max(2, Math.round(e / (spacing[d] as number))),
  ) as unknown as [number, number, number];
  return createGrid({
    size,
    spacingMm: spacing,
    originLpsMm: size.map((n, d) => (-(n - 1) / 2) * (spacing[d] as number)) as unknown as Vec3,
    frameOfReferenceUid: phantomFrameOfReferenceUid(spec.site, seed),
  });
}

/**
 * Builds the digital patient `seed` of `site`: bit-identical for the same (site, seed, scale, spec) on every
 * platform. Random streams are separate per purpose (anatomy, texture, CT noise, MR) so each is stable on its own.
 */
export function buildPhantom(site: PhantomSite, seed: number, options: PhantomOptions = {}): PhantomCase {
  validateSeed(seed);
  const spec = options.spec ?? loadPhantomSpec(site);
  const grid = phantomGrid(spec, seed, options.scale ?? 1);
  const canvas = createCanvas(grid);
  const anatomyRng = new Prng(seed, `${site}/anatomy`);
  const anatomy =
    site === 'pelvis' ? buildPelvisAnatomy(canvas, anatomyRng) : buildHeadAnatomy(canvas, anatomyRng);
  const tissue = canvas.data;
  const body = new Uint8Array(tissue.length);
  for (let n = 0; n < tissue.length; n++) body[n] = tissue[n] !== 0 ? 1 : 0;

  // Organ masks are fresh arrays: clip them to the body in place.
  const within = (m: StructureMask): StructureMask => ({ ...m, mask: clipToBody(m.mask, body) });
  const ctv = within(anatomy.ctv);
  const ptv: StructureMask = {
    name: 'PTV',
    type: 'PTV',
    colorRgb: [255, 0, 0],
    mask: expandMask(ctv.mask, body, grid, spec.ptvMarginMm),
  };
  const masks: StructureMask[] = [
    { name: 'BODY', type: 'EXTERNAL', colorRgb: [0, 255, 0], mask: body },
    ptv,
    ctv,
    ...anatomy.organs.map(within),
  ];
  const paintOrder = ['BODY', ...anatomy.organs.map((o) => o.name), 'PTV', 'CTV'];
  const structures = assembleStructures(masks, grid, paintOrder);

  const meanHu = caseMeanHu(anatomy.huVariation);
  const texture = correlatedNoise(
    grid.size,
    grid.spacingMm,
    spec.textureLatticeMm,
    new Prng(seed, `${site}/texture`),
    body,
  );
  const ctData = synthesizeCt(canvas, meanHu, texture, spec.ctNoiseHu, new Prng(seed, `${site}/ct-noise`));
  const mrRng = new Prng(seed, `${site}/mr`);
  const mrData = synthesizeMr(canvas, texture, { ...spec.mr, scale: mrRng.range(200, 1200) }, mrRng);
  const ct = createVolume(grid, 'HU', ctData);
  const plan = estimatePlanMu(buildConformalPlan(ptv.mask, grid, spec.plan, spec.prescriptionGy), ct);
  return {
    site,
    seed,
    spec,
    grid,
    tissue: createVolume(grid, 'label', tissue),
    ct,
    mr: createVolume(grid, 'MR', mrData),
    body: createVolume(grid, 'mask', body),
    structures,
    plan,
    anatomy: {
      extraAirPocket: anatomy.extraAirPocket,
      outerTissue: anatomy.outerTissue,
      pocketFillTissue: anatomy.pocketFillTissue,
    },
    meanHu,
  };
}

function clipToBody(mask: Uint8Array, body: Uint8Array): Uint8Array {
  for (let n = 0; n < mask.length; n++) if (mask[n] !== 0 && body[n] === 0) mask[n] = 0;
  return mask;
}

/**
 * mask ⊕ ball(marginMm) ∩ body: every voxel whose centre lies within marginMm of a mask voxel centre (exact
 * Euclidean distance, anisotropic spacing), computed on the mask's bounding box grown by the margin.
 */
export function expandMask(mask: Uint8Array, body: Uint8Array, grid: Grid3, marginMm: number): Uint8Array {
  const [nx, ny] = grid.size;
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-1, -1, -1];
  for (let n = 0; n < mask.length; n++) {
    if (mask[n] === 0) continue;
    const ijk = [n % nx, Math.floor(n / nx) % ny, Math.floor(n / (nx * ny))];
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d] as number, ijk[d] as number);
      hi[d] = Math.max(hi[d] as number, ijk[d] as number);
    }
  }
  const out = new Uint8Array(mask.length);
  if ((hi[0] as number) < 0) return out;
  const pad = grid.spacingMm.map((s) => Math.ceil(marginMm / s));
  const b0 = lo.map((v, d) => Math.max(0, v - (pad[d] as number)));
  const b1 = hi.map((v, d) => Math.min((grid.size[d] as number) - 1, v + (pad[d] as number)));
  const sub: [number, number, number] = [0, 1, 2].map((d) => (b1[d] as number) - (b0[d] as number) + 1) as [
    number,
    number,
    number,
  ];
  const local = new Uint8Array(sub[0] * sub[1] * sub[2]);
  const index = (i: number, j: number, k: number): number => i + nx * (j + ny * k);
  for (let k = 0; k < sub[2]; k++)
    for (let j = 0; j < sub[1]; j++)
      for (let i = 0; i < sub[0]; i++)
        local[i + sub[0] * (j + sub[1] * k)] = mask[
          index(i + (b0[0] as number), j + (b0[1] as number), k + (b0[2] as number))
        ] as number;
  const d2 = squaredDistanceToMaskMm2(local, sub, grid.spacingMm);
  const m2 = marginMm * marginMm;
  for (let k = 0; k < sub[2]; k++)
    for (let j = 0; j < sub[1]; j++)
      for (let i = 0; i < sub[0]; i++) {
        const g = index(i + (b0[0] as number), j + (b0[1] as number), k + (b0[2] as number));
        if ((d2[i + sub[0] * (j + sub[1] * k)] as number) <= m2 && body[g] !== 0) out[g] = 1;
      }
  return out;
}
