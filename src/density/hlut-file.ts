import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { InputError, PipelineError } from '../core/errors.js';
import { createHlut, type Hlut, type OutOfRangePolicy } from './hlut.js';
import matradDefault from './tables/matrad-default.hlut.json' with { type: 'json' };

/** Built-in tables (versioned JSON under src/density/tables/), by id. */
const BUILT_IN: Readonly<Record<string, unknown>> = { 'matrad-default': matradDefault };

/** Ids accepted by `loadBuiltInHlut` / `--hlut <name>`. */
export const BUILT_IN_HLUT_IDS: readonly string[] = Object.keys(BUILT_IN);

/** The default table when none is given. */
export const DEFAULT_HLUT_ID = 'matrad-default';

interface HlutJson {
  formatVersion: number;
  id: string;
  version: string;
  name: string;
  scanner: string;
  source: string;
  citation?: string;
  outOfRangePolicy?: OutOfRangePolicy;
  knots: { hu: number; redRel: number }[];
}

/** Parses a versioned table JSON (the built-in format), validating fields and knots. */
export function parseHlutJson(json: unknown, where: string): Hlut {
  const j = json as Partial<HlutJson>;
  if (typeof j !== 'object' || j === null || j.formatVersion !== 1)
    throw new InputError(`${where}: not an equidose HU→RED table (formatVersion 1 expected)`);
  for (const key of ['id', 'version', 'name', 'scanner', 'source'] as const) {
    if (typeof j[key] !== 'string') throw new InputError(`${where}: field '${key}' must be a string`);
  }
  if (!Array.isArray(j.knots))
    throw new InputError(`${where}: field 'knots' must be an array of {hu, redRel}`);
  const provenance = {
    id: j.id as string,
    version: j.version as string,
    name: j.name as string,
    scanner: j.scanner as string,
    source: j.source as string,
    ...(typeof j.citation === 'string' ? { citation: j.citation } : {}),
  };
  return createHlut(provenance, j.knots, j.outOfRangePolicy ?? 'clamp');
}

/** A built-in table by id; throws InputError listing the known ids. */
export function loadBuiltInHlut(id: string = DEFAULT_HLUT_ID): Hlut {
  const json = BUILT_IN[id];
  if (json === undefined)
    throw new InputError(`unknown HU→RED table '${id}' (built-in: ${BUILT_IN_HLUT_IDS.join(', ')})`);
  return parseHlutJson(json, `built-in table ${id}`);
}

/**
 * Two-column text (HU, RED) as CSV (`,` `;` or tab) or matRad's `.hlut` (whitespace separated). Lines starting
 * with `#` or `%` and blank lines are comments; a first line without numbers is a header. `.hlut` files may carry
 * extra columns (matRad's ion tables do): only the first two are read.
 */
export function parseHlutText(text: string, id: string, source: string): Hlut {
  const knots: { hu: number; redRel: number }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, n) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('%')) return;
    const cells = line.split(/[\s,;]+/).filter((c) => c !== '');
    const hu = Number(cells[0]);
    const red = Number(cells[1]);
    if (knots.length === 0 && cells.length > 0 && !Number.isFinite(hu) && n === firstContentLine(lines))
      return;
    if (cells.length < 2 || !Number.isFinite(hu) || !Number.isFinite(red))
      throw new InputError(`line ${n + 1}: expected two numbers (HU, RED), got '${line}'`, { line: n + 1 });
    knots.push({ hu, redRel: red });
  });
  return createHlut({ id, version: '1', name: id, scanner: 'user table', source }, knots, 'clamp');
}

function firstContentLine(lines: readonly string[]): number {
  return lines.findIndex((l) => {
    const t = l.trim();
    return t !== '' && !t.startsWith('#') && !t.startsWith('%');
  });
}

/** Reads a user table (.csv, .hlut, .txt or equidose .json); errors carry the file. */
export function readHlutFile(path: string): Hlut {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read HU→RED table: ${(error as Error).message}`, {}, path);
  }
  try {
    if (extname(path).toLowerCase() === '.json') {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new InputError(`invalid JSON: ${(error as Error).message}`);
      }
      return parseHlutJson(json, 'HU→RED table');
    }
    return parseHlutText(text, basename(path), path);
  } catch (error) {
    throw error instanceof PipelineError ? error.withFile(path) : error;
  }
}

/** `--hlut` resolution: a built-in id, else a file path. */
export function resolveHlut(nameOrPath: string | undefined): Hlut {
  if (nameOrPath === undefined) return loadBuiltInHlut(DEFAULT_HLUT_ID);
  if (BUILT_IN[nameOrPath] !== undefined) return loadBuiltInHlut(nameOrPath);
  return readHlutFile(nameOrPath);
}
