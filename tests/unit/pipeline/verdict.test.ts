import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CRITERIA,
  gammaLabel,
  loadCriteria,
  parseCriteriaJson,
  parseInlineGammaList,
} from '../../../src/pipeline/criteria.js';
import { judgeVerdict } from '../../../src/pipeline/verdict.js';
import { syntheticReport } from '../report/fixtures/synthetic-report.js';

const judge = (targetDeltaPercent: number, gammaRate: number): ReturnType<typeof judgeVerdict> => {
  const r = syntheticReport(targetDeltaPercent, gammaRate);
  return judgeVerdict(r.gamma, r.dvh, DEFAULT_CRITERIA);
};

describe('verdict (TG-218 gamma limits, target DVH ≤ 2 % of prescription)', () => {
  it('passes when the gating gamma is ≥ 95 % and every target metric is within ±2 %', () => {
    const v = judge(1.99, 95);
    expect(v.pass).toBe(true);
    expect(v.level).toBe('pass');
    // The 2%/2mm and 1%/1mm rates (92 %, 83 %) are reported, not gated.
    expect(v.reasons.filter((r) => r.check.startsWith('gamma:')).map((r) => r.severity)).toEqual([
      'pass',
      'info',
      'info',
    ]);
  });

  it('follows the TG-218 bands: 90–95 % is outside tolerance, < 90 % is action level', () => {
    expect(judge(0, 94.99).level).toBe('tolerance');
    expect(judge(0, 94.99).pass).toBe(false);
    expect(judge(0, 90).level).toBe('tolerance');
    expect(judge(0, 89.99).level).toBe('action');
  });

  it('fails on a target metric beyond ±2 % of prescription, either sign', () => {
    for (const d of [2.01, -2.5]) {
      const v = judge(d, 99);
      expect(v.pass).toBe(false);
      expect(v.level).toBe('action');
      expect(v.reasons.find((r) => r.check === 'dvh:PTV:D98')!.severity).toBe('action');
    }
  });

  it('reports OAR Dmean/D2 without gating, unless an OAR tolerance is configured', () => {
    const r = syntheticReport(0, 99);
    expect(judgeVerdict(r.gamma, r.dvh, DEFAULT_CRITERIA).pass).toBe(true);
    const strict = { ...DEFAULT_CRITERIA, oarTolerancePercent: 0.5 };
    const v = judgeVerdict(r.gamma, r.dvh, strict);
    expect(v.pass).toBe(false); // Rectum Δ −0.8 % > 0.5 %
    expect(v.reasons.find((x) => x.check === 'dvh:Rectum:Dmean')!.severity).toBe('tolerance');
  });

  it('cannot pass without a target ROI or with nothing evaluated', () => {
    const r = syntheticReport(0, 99);
    expect(
      judgeVerdict(
        r.gamma,
        r.dvh.filter((e) => !e.isTarget),
        DEFAULT_CRITERIA,
      ).pass,
    ).toBe(false);
    const empty = r.gamma.map((g) => ({ ...g, evaluatedVoxels: 0 }));
    expect(judgeVerdict(empty, r.dvh, DEFAULT_CRITERIA).level).toBe('action');
  });
});

describe('criteria', () => {
  it('defaults: 3%/2mm, 2%/2mm, 1%/1mm global with a 10 % cutoff; 3%/2mm gates', () => {
    expect(DEFAULT_CRITERIA.gamma.map(gammaLabel)).toEqual(['3%/2mm G10', '2%/2mm G10', '1%/1mm G10']);
    expect(DEFAULT_CRITERIA.gatingGammaIndex).toBe(0);
    expect(loadCriteria(undefined)).toBe(DEFAULT_CRITERIA);
  });

  it('reads an inline list with normalisation and cutoff', () => {
    expect(parseInlineGammaList('2%/2mm, 3%/3mm/local/20%')).toEqual([
      { doseDiffPercent: 2, distanceMm: 2, normalisation: 'global', lowerDoseCutoffPercent: 10 },
      { doseDiffPercent: 3, distanceMm: 3, normalisation: 'local', lowerDoseCutoffPercent: 20 },
    ]);
    expect(() => parseInlineGammaList('3/2')).toThrow(/cannot read '3\/2'/);
  });

  it('merges a JSON object over the defaults and rejects unknown keys and inconsistent limits', () => {
    const c = parseCriteriaJson({ targetTolerancePercent: 3, oarTolerancePercent: 5 }, 'c.json');
    expect(c.targetTolerancePercent).toBe(3);
    expect(c.targetActionPercent).toBe(3);
    expect(c.oarTolerancePercent).toBe(5);
    expect(c.gamma).toBe(DEFAULT_CRITERIA.gamma);
    expect(() => parseCriteriaJson({ gammaTolerance: 95 }, 'c.json')).toThrow(
      /unknown criteria key\(s\): gammaTolerance/,
    );
    expect(() => parseCriteriaJson({ gammaActionPassPercent: 97 }, 'c.json')).toThrow(/must not exceed/);
    expect(() => parseCriteriaJson({ gatingGammaIndex: 3 }, 'c.json')).toThrow(/gatingGammaIndex/);
  });
});
