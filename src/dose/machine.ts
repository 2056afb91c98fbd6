import { InputError } from '../core/errors.js';
import generic6Mv from './machines/generic-6MV.machine.json' with { type: 'json' };
import { gaussianIntervalFraction } from './pencil-kernel-math.js';
import type { JawsMm } from './plan.js';

/**
 * Photon beam model: pencil kernel = primary Gaussian + scatter Gaussians with depth-dependent weights, evaluated
 * at the radiological depth d (mm water-equivalent) of each point. Per beam and point (BEV x, y in the isocentre
 * plane, axial distance w from the source):
 *
 *   D = MU · calibration · Sc(jaws) · N · (SAD / w)² · [ W0(d) · F(x, y; σ0(d) · SAD/w) + Σc Wc(d) · F(x, y; σc) ]
 *
 * F = aperture (jaws ∩ MLC) convolved with a unit Gaussian (erf products), N normalises the reference condition
 * to the calibration (1 cGy/MU at dmax, 10 × 10 cm², SSD 100 cm). See docs/dose-engine.md.
 */

export interface PrimaryComponent {
  /** A in W0(d) = (1 − A e^{−βd}) e^{−μd}: build-up deficit at the surface. */
  readonly buildUpAmplitudeRel: number;
  readonly buildUpCoefficientPerMm: number;
  /** Effective attenuation μ (per mm of water-equivalent depth). */
  readonly attenuationCoefficientPerMm: number;
  /** σ0(d) = √(σs² + (k·d)²), mm in the plane of the point. */
  readonly sigmaSourceMm: number;
  readonly sigmaDepthSlopeMmPerMm: number;
}

export interface ScatterComponent {
  /** a in Wc(d) = a (1 − e^{−γd}) e^{−μd}. */
  readonly weightRel: number;
  readonly buildUpCoefficientPerMm: number;
  /** Gaussian width in the isocentre plane (projected), mm. */
  readonly sigmaIsoMm: number;
}

export interface Machine {
  readonly id: string;
  readonly version: string;
  readonly name: string;
  readonly sadMm: number;
  /** Calibration: Gy per MU at the reference condition. */
  readonly calibrationGyPerMu: number;
  readonly calibrationStatement: string;
  readonly source: string;
  readonly primary: PrimaryComponent;
  readonly scatter: readonly ScatterComponent[];
  /** Head-scatter (in-air output ratio) table vs equivalent square of the jaws. */
  readonly headScatterEqSquareMm: readonly number[];
  readonly headScatterRel: readonly number[];
  /** N: makes the reference condition give exactly `calibrationGyPerMu`. */
  readonly normalisationRel: number;
  /** Depth of maximum dose (mm) of the reference field found when normalising. */
  readonly referenceDmaxMm: number;
}

/** The most scatter components the gpu.js kernels accept. */
export const MAX_SCATTER_COMPONENTS = 4;

/** Depth weights at radiological depth d (mm): primary W0 and one per scatter component. */
export function depthWeights(m: Machine, depthMm: number): { primary: number; scatter: number[] } {
  const d = Math.max(0, depthMm);
  const att = Math.exp(-m.primary.attenuationCoefficientPerMm * d);
  return {
    primary: (1 - m.primary.buildUpAmplitudeRel * Math.exp(-m.primary.buildUpCoefficientPerMm * d)) * att,
    scatter: m.scatter.map((c) => c.weightRel * (1 - Math.exp(-c.buildUpCoefficientPerMm * d)) * att),
  };
}

/** Primary Gaussian width σ0 (mm, in the plane of the point) at radiological depth d (mm). */
export function primarySigmaMm(m: Machine, depthMm: number): number {
  const d = Math.max(0, depthMm);
  return Math.hypot(m.primary.sigmaSourceMm, m.primary.sigmaDepthSlopeMmPerMm * d);
}

/** Head-scatter factor Sc for the jaw opening: equivalent square 2XY/(X+Y), linear interpolation, clamped. */
export function headScatterFactor(m: Machine, jaws: JawsMm): number {
  const x = jaws.x2 - jaws.x1;
  const y = jaws.y2 - jaws.y1;
  const eq = x + y > 0 ? (2 * x * y) / (x + y) : 0;
  const xs = m.headScatterEqSquareMm;
  const ys = m.headScatterRel;
  if (eq <= (xs[0] as number)) return ys[0] as number;
  for (let n = 1; n < xs.length; n++) {
    const x1 = xs[n] as number;
    if (eq <= x1) {
      const x0 = xs[n - 1] as number;
      const t = (eq - x0) / (x1 - x0);
      return (ys[n - 1] as number) + t * ((ys[n] as number) - (ys[n - 1] as number));
    }
  }
  return ys[ys.length - 1] as number;
}

/** Un-normalised central-axis dose of a centred square field (side at iso, mm) at SSD = SAD in water. */
export function centralAxisRawDose(
  m: Omit<Machine, 'normalisationRel' | 'referenceDmaxMm'>,
  sideMm: number,
  depthMm: number,
): number {
  const w = m.sadMm + depthMm;
  const h = sideMm / 2;
  const weights = depthWeights(m as Machine, depthMm);
  const s0 = (primarySigmaMm(m as Machine, depthMm) * m.sadMm) / w;
  let f = weights.primary * gaussianIntervalFraction(0, -h, h, s0) ** 2;
  m.scatter.forEach((c, n) => {
    f += (weights.scatter[n] as number) * gaussianIntervalFraction(0, -h, h, c.sigmaIsoMm) ** 2;
  });
  return (m.sadMm / w) ** 2 * f;
}

const num = (v: unknown, what: string, positive = false): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || (positive && !(v > 0)) || v < 0)
    throw new InputError(
      `machine: ${what} must be a ${positive ? 'positive' : 'non-negative'} number, got ${String(v)}`,
    );
  return v;
};

interface MachineJson {
  formatVersion: number;
  id: string;
  version: string;
  name: string;
  sourceAxisDistanceMm: number;
  source: string;
  calibration: {
    doseGyPerMu: number;
    referenceFieldSizeMm: number;
    referenceSsdMm: number;
    statement: string;
  };
  primary: PrimaryComponent;
  scatter: ScatterComponent[];
  headScatter: { equivalentSquareMm: number[]; outputRatioInAirRel: number[] };
}

function parsePrimary(p: PrimaryComponent): PrimaryComponent {
  return {
    buildUpAmplitudeRel: num(p.buildUpAmplitudeRel, 'primary.buildUpAmplitudeRel'),
    buildUpCoefficientPerMm: num(p.buildUpCoefficientPerMm, 'primary.buildUpCoefficientPerMm', true),
    attenuationCoefficientPerMm: num(p.attenuationCoefficientPerMm, 'primary.attenuationCoefficientPerMm'),
    sigmaSourceMm: num(p.sigmaSourceMm, 'primary.sigmaSourceMm', true),
    sigmaDepthSlopeMmPerMm: num(p.sigmaDepthSlopeMmPerMm, 'primary.sigmaDepthSlopeMmPerMm'),
  };
}

/** Finds the reference field's dmax (0.05 mm steps over 60 mm) and the normalisation N of the calibration. */
function normaliseMachine(
  base: Omit<Machine, 'normalisationRel' | 'referenceDmaxMm'>,
  side: number,
): Machine {
  // dmax of the reference field on a 0.05 mm grid over the first 60 mm (covers any megavoltage build-up).
  let best = 0;
  let dmax = 0;
  for (let d = 0; d <= 60; d += 0.05) {
    const v = centralAxisRawDose(base, side, d);
    if (v > best) [best, dmax] = [v, d];
  }
  const scRef = headScatterFactor(
    { ...base, normalisationRel: 1, referenceDmaxMm: 0 },
    {
      x1: -side / 2,
      x2: side / 2,
      y1: -side / 2,
      y2: side / 2,
    },
  );
  return { ...base, normalisationRel: 1 / (best * scRef), referenceDmaxMm: dmax };
}

function parseHeadScatter(h: MachineJson['headScatter'] | undefined): {
  headScatterEqSquareMm: number[];
  headScatterRel: number[];
} {
  const xs = h?.equivalentSquareMm ?? [100];
  const ys = h?.outputRatioInAirRel ?? [1];
  if (xs.length !== ys.length || xs.some((v, n) => n > 0 && !(v > (xs[n - 1] as number))))
    throw new InputError(
      'machine: headScatter tables must have equal length and increasing equivalent squares',
    );
  return { headScatterEqSquareMm: xs, headScatterRel: ys };
}

/** Validates a machine JSON (formatVersion 1) and computes its normalisation. */
export function parseMachine(json: unknown): Machine {
  const j = json as Partial<MachineJson>;
  if (typeof j !== 'object' || j === null || j.formatVersion !== 1)
    throw new InputError('machine: not an equidose machine file (formatVersion 1 expected)');
  if (
    typeof j.id !== 'string' ||
    j.calibration === undefined ||
    j.primary === undefined ||
    !Array.isArray(j.scatter)
  )
    throw new InputError('machine: id, calibration, primary and scatter are required');
  if (j.calibration.referenceSsdMm !== j.sourceAxisDistanceMm)
    throw new InputError('machine: only calibration at SSD = SAD is supported');
  if (j.scatter.length > MAX_SCATTER_COMPONENTS)
    throw new InputError(
      `machine: at most ${MAX_SCATTER_COMPONENTS} scatter components, got ${j.scatter.length}`,
    );
  const base = {
    id: j.id,
    version: String(j.version),
    name: String(j.name),
    sadMm: num(j.sourceAxisDistanceMm, 'sourceAxisDistanceMm', true),
    calibrationGyPerMu: num(j.calibration.doseGyPerMu, 'calibration.doseGyPerMu', true),
    calibrationStatement: String(j.calibration.statement),
    source: String(j.source),
    primary: parsePrimary(j.primary),
    scatter: j.scatter.map((c, n) => ({
      weightRel: num(c.weightRel, `scatter[${n}].weightRel`),
      buildUpCoefficientPerMm: num(c.buildUpCoefficientPerMm, `scatter[${n}].buildUpCoefficientPerMm`, true),
      sigmaIsoMm: num(c.sigmaIsoMm, `scatter[${n}].sigmaIsoMm`, true),
    })),
    ...parseHeadScatter(j.headScatter),
  };
  return normaliseMachine(
    base,
    num(j.calibration.referenceFieldSizeMm, 'calibration.referenceFieldSizeMm', true),
  );
}

const BUILT_IN: Readonly<Record<string, unknown>> = { 'generic-6MV': generic6Mv };

/** Ids of the built-in machines. */
export const BUILT_IN_MACHINE_IDS: readonly string[] = Object.keys(BUILT_IN);

/** A built-in machine by id (the plan's `machine` field). */
export function loadMachine(id: string): Machine {
  const json = BUILT_IN[id];
  if (json === undefined)
    throw new InputError(`unknown machine '${id}' (built-in: ${BUILT_IN_MACHINE_IDS.join(', ')})`, {
      machine: id,
    });
  return parseMachine(json);
}
