import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../cli/package-info.js';
import { InputError } from '../core/errors.js';
import type { Vec3 } from '../core/vec3.js';

/** Sites the generator builds. */
export const PHANTOM_SITES = ['pelvis', 'head'] as const;
export type PhantomSite = (typeof PHANTOM_SITES)[number];

/** Beam arrangement of a site's plan. */
export interface PhantomPlanSpec {
  /** Beam model id written into plan.json. */
  readonly machine: string;
  /** IEC 61217 gantry angles, degrees, one static conformal field each. */
  readonly gantryDeg: readonly number[];
  readonly collimatorDeg: number;
  /** Aperture margin around the PTV's beam's-eye-view projection, mm at the isocentre plane. */
  readonly apertureMarginMm: number;
  /** MLC leaf width (mm at isocentre) and number of leaf pairs (centred on the isocentre). */
  readonly leafWidthMm: number;
  readonly leafPairs: number;
}

/** `phantoms/<site>.json`: what does not vary with the seed. */
export interface PhantomSpec {
  readonly site: PhantomSite;
  readonly description: string;
  /** Physical extent of the grid along L, P, S (mm); the grid is centred on LPS (0, 0, 0). */
  readonly extentMm: Vec3;
  /** Default voxel pitch along L, P, S (mm), multiplied by the `scale` option. */
  readonly spacingMm: Vec3;
  /** Correlation length of the tissue texture (mm). */
  readonly textureLatticeMm: number;
  /** SD of the CT's white quantum noise (HU). */
  readonly ctNoiseHu: number;
  readonly mr: { readonly biasAmplitudeRel: number; readonly noiseRel: number };
  /** Prescription per fraction (Gy) to the PTV mean. */
  readonly prescriptionGy: number;
  /** Isotropic CTV → PTV margin (mm). */
  readonly ptvMarginMm: number;
  readonly plan: PhantomPlanSpec;
  /** Inclusive seed ranges: the model trains on `training` only; `test` is never seen in training. */
  readonly seedRanges: {
    readonly training: readonly [number, number];
    readonly validation: readonly [number, number];
    readonly test: readonly [number, number];
  };
}

/** Path of a site's spec inside the installed package. */
export const phantomSpecPath = (site: PhantomSite): string =>
  join(findPackageRoot(), 'phantoms', `${site}.json`);

/** Reads and validates `phantoms/<site>.json`. */
export function loadPhantomSpec(site: PhantomSite): PhantomSpec {
  const path = phantomSpecPath(site);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the ${site} phantom spec (${(error as Error).message})`, {}, path);
  }
  try {
    return parsePhantomSpec(JSON.parse(text) as unknown, site);
  } catch (error) {
    if (error instanceof InputError) throw error.withFile(path);
    throw new InputError(`not valid JSON (${(error as Error).message})`, {}, path);
  }
}

/** Validates a parsed spec object (throws InputError naming the first bad field). */
export function parsePhantomSpec(raw: unknown, site: PhantomSite): PhantomSpec {
  const fail = (m: string): never => {
    throw new InputError(`phantom spec: ${m}`);
  };
  if (typeof raw !== 'object' || raw === null) return fail('must be a JSON object');
  const s = raw as Record<string, unknown>;
  if (s.site !== site) fail(`"site" must be "${site}", got ${JSON.stringify(s.site)}`);
  const positive = (v: unknown, name: string): number =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fail(`"${name}" must be a positive number`);
  const vec = (v: unknown, name: string): Vec3 =>
    Array.isArray(v) && v.length === 3
      ? [positive(v[0], name), positive(v[1], name), positive(v[2], name)]
      : fail(`"${name}" must be three positive numbers`);
  const range = (v: unknown, name: string): [number, number] =>
    Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 0) && v[0] <= v[1]
      ? [v[0] as number, v[1] as number]
      : fail(`"seedRanges.${name}" must be [first, last] non-negative integers`);
  const mr = (s.mr ?? {}) as Record<string, unknown>;
  const plan = (s.plan ?? {}) as Record<string, unknown>;
  const seeds = (s.seedRanges ?? {}) as Record<string, unknown>;
  return {
    site,
    description: typeof s.description === 'string' ? s.description : '',
    extentMm: vec(s.extentMm, 'extentMm'),
    spacingMm: vec(s.spacingMm, 'spacingMm'),
    textureLatticeMm: positive(s.textureLatticeMm, 'textureLatticeMm'),
    ctNoiseHu: positive(s.ctNoiseHu, 'ctNoiseHu'),
    mr: {
      biasAmplitudeRel: positive(mr.biasAmplitudeRel, 'mr.biasAmplitudeRel'),
      noiseRel: positive(mr.noiseRel, 'mr.noiseRel'),
    },
    prescriptionGy: positive(s.prescriptionGy, 'prescriptionGy'),
    ptvMarginMm: positive(s.ptvMarginMm, 'ptvMarginMm'),
    plan: parsePlanSpec(plan, positive, fail),
    seedRanges: {
      training: range(seeds.training, 'training'),
      validation: range(seeds.validation, 'validation'),
      test: range(seeds.test, 'test'),
    },
  };
}

function parsePlanSpec(
  plan: Record<string, unknown>,
  positive: (v: unknown, name: string) => number,
  fail: (m: string) => never,
): PhantomPlanSpec {
  const gantry = plan.gantryDeg;
  if (
    !Array.isArray(gantry) ||
    gantry.length === 0 ||
    !gantry.every((g) => typeof g === 'number' && g >= 0 && g < 360)
  )
    fail('"plan.gantryDeg" must be a non-empty list of angles in [0, 360)');
  if (typeof plan.machine !== 'string' || plan.machine === '') fail('"plan.machine" must be a beam model id');
  const collimatorDeg =
    typeof plan.collimatorDeg === 'number'
      ? plan.collimatorDeg
      : fail('"plan.collimatorDeg" must be a number');
  const leafPairs = plan.leafPairs;
  if (!Number.isInteger(leafPairs) || (leafPairs as number) < 1)
    fail('"plan.leafPairs" must be a positive integer');
  return {
    machine: plan.machine as string,
    gantryDeg: gantry as number[],
    collimatorDeg,
    apertureMarginMm: positive(plan.apertureMarginMm, 'plan.apertureMarginMm'),
    leafWidthMm: positive(plan.leafWidthMm, 'plan.leafWidthMm'),
    leafPairs: leafPairs as number,
  };
}
