import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { findPackageRoot } from '../cli/package-info.js';
import { InputError } from '../core/errors.js';

/**
 * The cohort manifest: a CSV with a header row and one row per case.
 *
 * Columns: `case`, `ct`, either `sct` or `mr` + `model`, `structures`, `plan`, optional `prescriptionGy`.
 * Header names are matched case-insensitively; unknown columns are refused (a typo must not pass silently).
 * Fields follow RFC 4180 (quoted fields may hold commas, quotes and newlines); blank lines and lines whose first
 * field starts with `#` are skipped. Relative paths resolve against the manifest's folder. Every row is checked
 * before anything runs; the first problem is reported on one line naming the row.
 */

/** Where a case's sCT comes from: given, or generated from MR by a model. */
export type SctSource =
  | { readonly kind: 'sct'; readonly sctPath: string }
  | { readonly kind: 'mr'; readonly mrPath: string; readonly model: string };

/** One validated manifest row; every path is absolute. */
export interface CohortCase {
  /** Case identifier, also the name of its output folder (letters, digits, `.`, `_`, `-`). */
  readonly caseId: string;
  /** 1-based line of the manifest where the row starts (for messages). */
  readonly line: number;
  readonly ctPath: string;
  readonly sct: SctSource;
  readonly structuresPath: string;
  readonly planPath: string;
  /** Prescription per fraction, Gy, when the manifest gives one (else validate derives it). */
  readonly prescriptionGy?: number;
}

export interface CohortManifest {
  /** Absolute path of the manifest file. */
  readonly path: string;
  readonly cases: readonly CohortCase[];
}

const COLUMNS = ['case', 'ct', 'sct', 'mr', 'model', 'structures', 'plan', 'prescriptiongy'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['case', 'ct', 'structures', 'plan'];
const CASE_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Reads and validates a manifest file (throws InputError with `file` = the manifest). */
export function readCohortManifest(path: string): CohortManifest {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the cohort manifest (${(error as Error).message})`, {}, path);
  }
  try {
    return { path: abs, cases: parseCohortManifest(text, dirname(abs)) };
  } catch (error) {
    throw error instanceof InputError ? error.withFile(path) : error;
  }
}

interface RawRow {
  readonly record: readonly string[];
  readonly line: number;
}

function parseRows(text: string): RawRow[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      skip_empty_lines: true,
      comment: '#',
      comment_no_infix: true,
      trim: true,
      relax_column_count: false,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new InputError(`manifest is not valid CSV: ${(error as Error).message}`);
  }
  // info.lines is the line where the record ENDS; a quoted field may span lines, so count back.
  return rows.map(({ record, info }) => ({
    record,
    line: info.lines - (record.join(',').match(/\n/g)?.length ?? 0),
  }));
}

function headerIndex(header: readonly string[]): Map<Column, number> {
  const index = new Map<Column, number>();
  header.forEach((name, n) => {
    const key = name.trim().toLowerCase() as Column;
    if (!(COLUMNS as readonly string[]).includes(key))
      throw new InputError(
        `manifest header: unknown column '${name}' (expected ${[...REQUIRED, 'sct | mr + model', 'prescriptionGy'].join(', ')})`,
      );
    if (index.has(key)) throw new InputError(`manifest header: column '${name}' appears twice`);
    index.set(key, n);
  });
  const missing = REQUIRED.filter((c) => !index.has(c));
  if (missing.length) throw new InputError(`manifest header: missing column(s) ${missing.join(', ')}`);
  if (!index.has('sct') && !(index.has('mr') && index.has('model')))
    throw new InputError("manifest header: needs an 'sct' column or both 'mr' and 'model' columns");
  return index;
}

/** Parses manifest text; relative paths resolve against `baseDir`. Exported for tests. */
export function parseCohortManifest(text: string, baseDir: string): CohortCase[] {
  const rows = parseRows(text);
  const header = rows[0];
  if (!header) throw new InputError('manifest is empty (expected a header row and one row per case)');
  const index = headerIndex(header.record);
  if (rows.length < 2) throw new InputError('manifest has a header but no case rows');
  const seen = new Map<string, number>();
  return rows.slice(1).map((row) => {
    const c = parseRow(row, index, baseDir);
    const earlier = seen.get(c.caseId.toLowerCase());
    if (earlier !== undefined)
      throw new InputError(
        `manifest line ${row.line}: case '${c.caseId}' repeats line ${earlier} (case ids name output folders and must be unique, ignoring case)`,
      );
    seen.set(c.caseId.toLowerCase(), row.line);
    return c;
  });
}

function parseRow(row: RawRow, index: ReadonlyMap<Column, number>, baseDir: string): CohortCase {
  const get = (c: Column): string => {
    const n = index.get(c);
    return n === undefined ? '' : (row.record[n] ?? '');
  };
  const caseId = get('case');
  const where = `manifest line ${row.line}${caseId ? ` (case '${caseId}')` : ''}`;
  const fail = (m: string): never => {
    throw new InputError(`${where}: ${m}`);
  };
  if (!caseId) fail("empty 'case'");
  if (!CASE_ID.test(caseId))
    fail("'case' may hold only letters, digits, '.', '_' and '-' (it names a folder)");
  const file = (c: Column): string => {
    const value = get(c);
    if (!value) return fail(`empty '${c}'`);
    const abs = isAbsolute(value) ? value : resolve(baseDir, value);
    if (!existsSync(abs)) fail(`${c} not found: ${abs}`);
    return abs;
  };
  const sctGiven = get('sct') !== '';
  const mrGiven = get('mr') !== '' || get('model') !== '';
  if (sctGiven === mrGiven)
    fail(
      sctGiven
        ? "give either 'sct' or 'mr' + 'model', not both"
        : "no sCT: give 'sct', or 'mr' and 'model' to generate it",
    );
  const sct: SctSource = sctGiven
    ? { kind: 'sct', sctPath: file('sct') }
    : { kind: 'mr', mrPath: file('mr'), model: modelRef(get('model'), baseDir, fail) };
  const rx = get('prescriptiongy');
  let prescriptionGy: number | undefined;
  if (rx !== '') {
    prescriptionGy = Number(rx);
    if (!Number.isFinite(prescriptionGy) || prescriptionGy <= 0 || prescriptionGy > 100)
      fail(`prescriptionGy must be a dose per fraction in (0, 100] Gy, got '${rx}'`);
  }
  return {
    caseId,
    line: row.line,
    ctPath: file('ct'),
    sct,
    structuresPath: file('structures'),
    planPath: file('plan'),
    ...(prescriptionGy === undefined ? {} : { prescriptionGy }),
  };
}

/**
 * A model is a path (resolved against the manifest folder) or the id of a model shipped in the package's models/
 * folder, resolved here so that a typo fails before any case runs.
 */
function modelRef(value: string, baseDir: string, fail: (m: string) => never): string {
  if (!value) return fail("empty 'model' (a models/<id> folder, a shipped model id or a .onnx file)");
  const abs = isAbsolute(value) ? value : resolve(baseDir, value);
  if (existsSync(abs)) return abs;
  const shipped = join(findPackageRoot(), 'models', value);
  if (!/[\\/]/.test(value) && existsSync(join(shipped, 'manifest.json'))) return shipped;
  return fail(`model not found: ${abs} (nor a shipped model id in models/)`);
}
