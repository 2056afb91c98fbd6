import { readFileSync } from 'node:fs';
import { InputError, UsageError } from '../core/errors.js';
import {
  DVH_METRIC_IDS,
  type DvhMetricId,
  type GammaCriterionSpec,
  type VerdictCriteria,
} from '../report/validation-report.js';

/**
 * Verdict criteria: defaults from the field, overridable by a JSON file or an inline gamma list (--criteria).
 *
 * Defaults:
 * - gamma 3 %/2 mm, 2 %/2 mm, 1 %/1 mm, global (ΔD as % of the CT dose maximum), 10 % lower dose cutoff;
 *   the 3 %/2 mm one gates the verdict with TG-218's limits (Miften et al. 2018, Med Phys 45:e53):
 *   tolerance ≥ 95 % passing, action < 90 %.
 * - targets: |Δ| of D98, D50 and D2 ≤ 2 % of prescription (Korsholm, Waring, Edmund 2014, Radiat Oncol 9:16:
 *   ≤ 2 % PTV dose difference). Beyond the tolerance is an action-level failure unless targetActionPercent
 *   is widened.
 * - OARs: Dmean and D2 differences reported, not gated (oarTolerancePercent null).
 */

const gammaSpec = (doseDiffPercent: number, distanceMm: number): GammaCriterionSpec => ({
  doseDiffPercent,
  distanceMm,
  lowerDoseCutoffPercent: 10,
  normalisation: 'global',
});

export const DEFAULT_CRITERIA: VerdictCriteria = {
  gamma: [gammaSpec(3, 2), gammaSpec(2, 2), gammaSpec(1, 1)],
  gatingGammaIndex: 0,
  gammaTolerancePassPercent: 95,
  gammaActionPassPercent: 90,
  targetMetrics: ['D98', 'D50', 'D2'],
  targetTolerancePercent: 2,
  targetActionPercent: 2,
  oarMetrics: ['Dmean', 'D2'],
  oarTolerancePercent: null,
};

/** "3%/2mm G10" style label of a gamma criterion. */
export function gammaLabel(c: GammaCriterionSpec): string {
  return `${c.doseDiffPercent}%/${c.distanceMm}mm ${c.normalisation === 'global' ? 'G' : 'L'}${c.lowerDoseCutoffPercent}`;
}

const INLINE_ITEM = /^(\d+(?:\.\d+)?)%\/(\d+(?:\.\d+)?)mm(?:\/(global|local))?(?:\/(\d+(?:\.\d+)?)%)?$/;

/**
 * Parses an inline list such as "3%/2mm,2%/2mm/local,1%/1mm/global/20%" (ΔD / DTA [/ normalisation
 * [/ lower dose cutoff]]). The first item gates the verdict.
 */
export function parseInlineGammaList(text: string): GammaCriterionSpec[] {
  return text.split(',').map((item) => {
    const m = INLINE_ITEM.exec(item.trim());
    if (!m)
      throw new UsageError(
        `--criteria: cannot read '${item}' (expected e.g. 3%/2mm, 3%/2mm/local or 3%/2mm/global/10%)`,
      );
    return validateGamma(
      {
        doseDiffPercent: Number(m[1]),
        distanceMm: Number(m[2]),
        normalisation: (m[3] ?? 'global') as 'global' | 'local',
        lowerDoseCutoffPercent: m[4] === undefined ? 10 : Number(m[4]),
      },
      item,
    );
  });
}

function validateGamma(c: GammaCriterionSpec, where: string): GammaCriterionSpec {
  const ok =
    c.doseDiffPercent > 0 &&
    c.doseDiffPercent <= 100 &&
    c.distanceMm > 0 &&
    c.distanceMm <= 50 &&
    c.lowerDoseCutoffPercent >= 0 &&
    c.lowerDoseCutoffPercent < 100 &&
    (c.normalisation === 'global' || c.normalisation === 'local');
  if (!ok)
    throw new InputError(`gamma criterion ${where} out of range (ΔD 0–100 %, DTA 0–50 mm, cutoff 0–99 %)`);
  return c;
}

const KEYS = new Set(Object.keys(DEFAULT_CRITERIA));

function asNumber(v: unknown, key: string, file: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new InputError(`"${key}" must be a number`, {}, file);
  return v;
}

function asMetrics(v: unknown, key: string, file: string): DvhMetricId[] {
  if (!Array.isArray(v) || !v.every((m) => (DVH_METRIC_IDS as readonly unknown[]).includes(m)))
    throw new InputError(`"${key}" must be a list of ${DVH_METRIC_IDS.join(', ')}`, {}, file);
  return v as DvhMetricId[];
}

function asGammaList(v: unknown, file: string): GammaCriterionSpec[] {
  if (!Array.isArray(v) || v.length === 0) throw new InputError('"gamma" must be a non-empty list', {}, file);
  return v.map((g: Partial<GammaCriterionSpec>, n) =>
    validateGamma(
      {
        doseDiffPercent: asNumber(g.doseDiffPercent, `gamma[${n}].doseDiffPercent`, file),
        distanceMm: asNumber(g.distanceMm, `gamma[${n}].distanceMm`, file),
        lowerDoseCutoffPercent: g.lowerDoseCutoffPercent ?? 10,
        normalisation: g.normalisation ?? 'global',
      },
      `gamma[${n}]`,
    ),
  );
}

/** Merges a criteria JSON object over the defaults; unknown keys are rejected (a typo must not pass silently). */
export function parseCriteriaJson(raw: unknown, file: string): VerdictCriteria {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new InputError('criteria JSON must be an object', {}, file);
  const obj = raw as Record<string, unknown>;
  const unknown = Object.keys(obj).filter((k) => !KEYS.has(k));
  if (unknown.length) throw new InputError(`unknown criteria key(s): ${unknown.join(', ')}`, {}, file);
  const d = DEFAULT_CRITERIA;
  const num = (k: keyof VerdictCriteria, fallback: number): number =>
    obj[k] === undefined ? fallback : asNumber(obj[k], k, file);
  const criteria: VerdictCriteria = {
    gamma: obj['gamma'] === undefined ? d.gamma : asGammaList(obj['gamma'], file),
    gatingGammaIndex: num('gatingGammaIndex', d.gatingGammaIndex),
    gammaTolerancePassPercent: num('gammaTolerancePassPercent', d.gammaTolerancePassPercent),
    gammaActionPassPercent: num('gammaActionPassPercent', d.gammaActionPassPercent),
    targetMetrics:
      obj['targetMetrics'] === undefined
        ? d.targetMetrics
        : asMetrics(obj['targetMetrics'], 'targetMetrics', file),
    targetTolerancePercent: num('targetTolerancePercent', d.targetTolerancePercent),
    targetActionPercent: num(
      'targetActionPercent',
      Math.max(d.targetActionPercent, num('targetTolerancePercent', d.targetTolerancePercent)),
    ),
    oarMetrics:
      obj['oarMetrics'] === undefined ? d.oarMetrics : asMetrics(obj['oarMetrics'], 'oarMetrics', file),
    oarTolerancePercent:
      obj['oarTolerancePercent'] === null || obj['oarTolerancePercent'] === undefined
        ? null
        : asNumber(obj['oarTolerancePercent'], 'oarTolerancePercent', file),
  };
  return checkConsistency(criteria, file);
}

function checkConsistency(c: VerdictCriteria, file: string): VerdictCriteria {
  if (!Number.isInteger(c.gatingGammaIndex) || c.gatingGammaIndex < 0 || c.gatingGammaIndex >= c.gamma.length)
    throw new InputError(`"gatingGammaIndex" must index "gamma" (0–${c.gamma.length - 1})`, {}, file);
  if (c.gammaActionPassPercent > c.gammaTolerancePassPercent)
    throw new InputError('"gammaActionPassPercent" must not exceed "gammaTolerancePassPercent"', {}, file);
  if (c.targetActionPercent < c.targetTolerancePercent)
    throw new InputError('"targetActionPercent" must be ≥ "targetTolerancePercent"', {}, file);
  return c;
}

/**
 * Resolves --criteria: absent → defaults; an inline gamma list (contains "%/") → defaults with that list; else
 * a JSON file path.
 */
export function loadCriteria(arg: string | undefined): VerdictCriteria {
  if (arg === undefined) return DEFAULT_CRITERIA;
  if (arg.includes('%/'))
    return { ...DEFAULT_CRITERIA, gamma: parseInlineGammaList(arg), gatingGammaIndex: 0 };
  let text: string;
  try {
    text = readFileSync(arg, 'utf8');
  } catch {
    throw new InputError(
      'cannot read the criteria file (or use an inline list such as 3%/2mm,2%/2mm)',
      {},
      arg,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`criteria file is not valid JSON (${(error as Error).message})`, {}, arg);
  }
  return parseCriteriaJson(raw, arg);
}
