import type {
  DvhEntry,
  GammaResultEntry,
  Verdict,
  VerdictCriteria,
  VerdictReason,
  VerdictSeverity,
} from '../report/validation-report.js';

/**
 * The verdict: the gating gamma criterion against TG-218's tolerance/action limits, and every target DVH
 * metric against the target tolerance. Other gamma criteria and OAR metrics are reported ('info') unless an
 * OAR tolerance is configured. pass = every gating check within tolerance.
 */

const RANK: Record<VerdictSeverity, number> = { pass: 0, info: 0, tolerance: 1, action: 2 };

function gammaReasons(gamma: readonly GammaResultEntry[], c: VerdictCriteria): VerdictReason[] {
  return gamma.map((g, n): VerdictReason => {
    const check = `gamma:${g.label}`;
    if (n !== c.gatingGammaIndex)
      return {
        check,
        severity: 'info',
        message: `γ ${g.label}: ${g.passRatePercent.toFixed(2)} % pass (reported)`,
        value: g.passRatePercent,
        limit: null,
      };
    if (g.evaluatedVoxels === 0)
      return {
        check,
        severity: 'action',
        message: `γ ${g.label}: no voxel above the dose cutoff, nothing was evaluated`,
        value: null,
        limit: c.gammaTolerancePassPercent,
      };
    const rate = g.passRatePercent;
    const severity: VerdictSeverity =
      rate >= c.gammaTolerancePassPercent
        ? 'pass'
        : rate >= c.gammaActionPassPercent
          ? 'tolerance'
          : 'action';
    const relation =
      severity === 'pass'
        ? `≥ tolerance ${c.gammaTolerancePassPercent} %`
        : severity === 'tolerance'
          ? `below tolerance ${c.gammaTolerancePassPercent} %, above action ${c.gammaActionPassPercent} %`
          : `below action limit ${c.gammaActionPassPercent} %`;
    return {
      check,
      severity,
      message: `γ ${g.label}: ${rate.toFixed(2)} % pass (${relation})`,
      value: rate,
      limit: c.gammaTolerancePassPercent,
    };
  });
}

function dvhSeverity(absDelta: number, tolerance: number, action: number): VerdictSeverity {
  if (!Number.isFinite(absDelta)) return 'action';
  return absDelta <= tolerance ? 'pass' : absDelta <= action ? 'tolerance' : 'action';
}

function targetReasons(entry: DvhEntry, c: VerdictCriteria): VerdictReason[] {
  return c.targetMetrics.map((m): VerdictReason => {
    const delta = entry.delta[`${m}Percent`];
    const severity = dvhSeverity(Math.abs(delta), c.targetTolerancePercent, c.targetActionPercent);
    return {
      check: `dvh:${entry.name}:${m}`,
      severity,
      message: `${entry.name} ${m}: Δ ${fmtSigned(delta)} % of prescription (${severity === 'pass' ? '≤' : '>'} ±${c.targetTolerancePercent} %)`,
      value: delta,
      limit: c.targetTolerancePercent,
    };
  });
}

function oarReasons(entry: DvhEntry, c: VerdictCriteria): VerdictReason[] {
  const limit = c.oarTolerancePercent;
  return c.oarMetrics.map((m): VerdictReason => {
    const delta = entry.delta[`${m}Percent`];
    const severity: VerdictSeverity =
      limit === null ? 'info' : dvhSeverity(Math.abs(delta), limit, Math.max(limit, c.targetActionPercent));
    return {
      check: `dvh:${entry.name}:${m}`,
      severity,
      message: `${entry.name} ${m}: Δ ${fmtSigned(delta)} % of prescription${limit === null ? ' (reported)' : ` (limit ±${limit} %)`}`,
      value: delta,
      limit,
    };
  });
}

/** Signed, 2 decimals; values that round to zero print as +0.00 (never -0.00). */
const fmtSigned = (v: number): string => {
  const text = (Math.abs(v) < 0.005 ? 0 : v).toFixed(2);
  return text.startsWith('-') ? text : `+${text}`;
};

/** Judges the numbers against the criteria. Pure: the same numbers always give the same verdict. */
export function judgeVerdict(
  gamma: readonly GammaResultEntry[],
  dvh: readonly DvhEntry[],
  criteria: VerdictCriteria,
): Verdict {
  const targets = dvh.filter((e) => e.isTarget);
  const reasons: VerdictReason[] = [...gammaReasons(gamma, criteria)];
  if (targets.length === 0)
    reasons.push({
      check: 'dvh:targets',
      severity: 'tolerance',
      message:
        'no target ROI (PTV/CTV/GTV) among the structures: the target DVH criteria could not be judged',
      value: null,
      limit: null,
    });
  for (const t of targets) reasons.push(...targetReasons(t, criteria));
  for (const o of dvh.filter((e) => !e.isTarget)) reasons.push(...oarReasons(o, criteria));
  const worst = reasons.reduce((w, r) => Math.max(w, RANK[r.severity]), 0);
  const level = worst === 0 ? 'pass' : worst === 1 ? 'tolerance' : 'action';
  return { pass: level === 'pass', level, summary: summarise(gamma, targets, criteria, reasons), reasons };
}

function summarise(
  gamma: readonly GammaResultEntry[],
  targets: readonly DvhEntry[],
  c: VerdictCriteria,
  reasons: readonly VerdictReason[],
): string {
  const g = gamma[c.gatingGammaIndex];
  const parts: string[] = [];
  if (g)
    parts.push(
      `γ ${g.label} ${g.passRatePercent.toFixed(2)} % (tolerance ≥ ${c.gammaTolerancePassPercent} %)`,
    );
  const deltas = targets.flatMap((t) => c.targetMetrics.map((m) => Math.abs(t.delta[`${m}Percent`])));
  if (deltas.length)
    parts.push(
      `largest target DVH |Δ| ${Math.max(...deltas).toFixed(2)} % of prescription (tolerance ≤ ${c.targetTolerancePercent} %)`,
    );
  const failing = reasons.filter((r) => RANK[r.severity] > 0).length;
  parts.push(failing === 0 ? 'all gating checks within tolerance' : `${failing} check(s) outside tolerance`);
  return parts.join('; ');
}
