import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { REPORT_FORMAT, REPORT_VERSION, type ValidationReport } from '../report/validation-report.js';
import type { CohortCase } from './manifest.js';

/**
 * Per-case output folders and resume. A case is validated into a hidden staging folder
 * (`cases/.staging-<case>-<random>`); when validate succeeds, a `cohort-case.json` stamp is added and the
 * folder is renamed to `cases/<case>` in one atomic step. So `cases/<case>/report.json` exists only for a
 * finished case, and an interrupted run leaves at most staging folders, which the next run removes.
 *
 * A finished case is reused on a rerun when its report.json parses as a report of this format and its stamp's
 * fingerprint matches the case as it is now (same inputs, same file sizes and times, same validate options).
 */

export const CASE_STAMP = 'cohort-case.json';
const STAGING_PREFIX = '.staging-';

export const casesDir = (outDir: string): string => join(outDir, 'cases');
export const caseDir = (outDir: string, caseId: string): string => join(casesDir(outDir), caseId);

interface CaseStamp {
  readonly caseId: string;
  readonly fingerprint: string;
  readonly finishedUtc: string;
}

/** Size and modification time of a file, or of every entry of a DICOM folder (sorted by name). */
function fileSignature(path: string): string {
  const s = statSync(path);
  if (!s.isDirectory()) return `${s.size}:${s.mtimeMs}`;
  return readdirSync(path)
    .sort()
    .map((name) => {
      const e = statSync(join(path, name));
      return `${name}=${e.size}:${e.mtimeMs}`;
    })
    .join(';');
}

/** sha256 over the case's inputs (paths, sizes, times), its prescription and the validate options. */
export function caseFingerprint(c: CohortCase, validateOptions: readonly string[]): string {
  const paths = [
    c.ctPath,
    ...(c.sct.kind === 'sct' ? [c.sct.sctPath] : [c.sct.mrPath]),
    c.structuresPath,
    c.planPath,
  ];
  const model = c.sct.kind === 'mr' ? c.sct.model : null;
  const modelSig = model !== null && existsSync(model) ? fileSignature(model) : null;
  const payload = JSON.stringify({
    paths: paths.map((p) => [p, fileSignature(p)]),
    model: [model, modelSig],
    prescriptionGy: c.prescriptionGy ?? null,
    validateOptions,
  });
  return createHash('sha256').update(payload).digest('hex');
}

/** Why a case folder is not reusable, or its report when it is. */
export type CompletedCase =
  { readonly ok: true; readonly report: ValidationReport } | { readonly ok: false; readonly reason: string };

/** Parses report.json text as a validation report of the current format, or says why not. */
export function parseReportJson(text: string): ValidationReport | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'report.json is not valid JSON';
  }
  const r = raw as Partial<ValidationReport> | null;
  if (r === null || typeof r !== 'object' || r.format !== REPORT_FORMAT)
    return 'report.json has another format';
  if (r.version !== REPORT_VERSION) return `report.json version ${String(r.version)} ≠ ${REPORT_VERSION}`;
  if (!Array.isArray(r.dvh) || !Array.isArray(r.gamma) || typeof r.provenance !== 'object')
    return 'report.json lacks dvh/gamma/provenance';
  return r as ValidationReport;
}

/** Checks `cases/<case>` for a finished result matching `fingerprint`. */
export function readCompletedCase(outDir: string, caseId: string, fingerprint: string): CompletedCase {
  const dir = caseDir(outDir, caseId);
  const reportPath = join(dir, 'report.json');
  const stampPath = join(dir, CASE_STAMP);
  if (!existsSync(reportPath) || !existsSync(stampPath)) return { ok: false, reason: 'not finished' };
  let stamp: CaseStamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as CaseStamp;
  } catch {
    return { ok: false, reason: `${CASE_STAMP} is unreadable` };
  }
  if (stamp.caseId !== caseId || stamp.fingerprint !== fingerprint)
    return { ok: false, reason: 'inputs or options changed since it was computed' };
  const parsed = parseReportJson(readFileSync(reportPath, 'utf8'));
  return typeof parsed === 'string' ? { ok: false, reason: parsed } : { ok: true, report: parsed };
}

/** Reads a finished case's report.json (after commit). */
export function readCaseReport(outDir: string, caseId: string): ValidationReport {
  const parsed = parseReportJson(readFileSync(join(caseDir(outDir, caseId), 'report.json'), 'utf8'));
  if (typeof parsed === 'string') throw new Error(`case ${caseId}: ${parsed}`);
  return parsed;
}

/** Creates `cases/` and removes staging folders left by an interrupted run. */
export function prepareCasesDir(outDir: string): void {
  const dir = casesDir(outDir);
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir))
    if (name.startsWith(STAGING_PREFIX)) rmSync(join(dir, name), { recursive: true, force: true });
}

/** A fresh, empty staging folder for one case's validate run. */
export function createStagingDir(outDir: string, caseId: string): string {
  const dir = join(casesDir(outDir), `${STAGING_PREFIX}${caseId}-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir);
  return dir;
}

/**
 * Publishes a staging folder as `cases/<case>`: stamps it, replaces any stale folder of that case, and renames
 * it into place (atomic). Returns the final folder.
 */
export function commitCase(outDir: string, caseId: string, stagingDir: string, fingerprint: string): string {
  const stamp: CaseStamp = { caseId, fingerprint, finishedUtc: new Date().toISOString() };
  writeFileAtomic(join(stagingDir, CASE_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
  const final = caseDir(outDir, caseId);
  if (existsSync(final)) {
    // Move the stale folder aside first so `final` is never a half-deleted tree.
    const trash = join(casesDir(outDir), `${STAGING_PREFIX}old-${caseId}-${randomBytes(4).toString('hex')}`);
    renameSync(final, trash);
    rmSync(trash, { recursive: true, force: true });
  }
  renameSync(stagingDir, final);
  return final;
}

/** Removes a staging folder (failed case). */
export const discardStaging = (stagingDir: string): void =>
  rmSync(stagingDir, { recursive: true, force: true });
