import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, PipelineError } from '../core/errors.js';
import { type ModelManifest, parseModelManifest } from './manifest-schema.js';

export type { ModelManifest } from './manifest-schema.js';

/** A model ready to run: its validated manifest and the verified bytes of its ONNX file. */
export interface LoadedModel {
  readonly manifest: ModelManifest;
  /** Absolute path of manifest.json. */
  readonly manifestPath: string;
  /** Absolute path of the .onnx file. */
  readonly onnxPath: string;
  /** The .onnx bytes whose sha256 matched the manifest (the session is built from these, not re-read). */
  readonly onnxBytes: Uint8Array;
}

/** Lowercase hex sha256 of `bytes`. */
export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Where the manifest of a model reference lives:
 * - a directory (`models/<id>`): `<dir>/manifest.json`;
 * - a `.onnx` file: `<name>.manifest.json` beside it, else `manifest.json` in its directory.
 */
export function resolveManifestPath(modelRef: string): string {
  const ref = resolve(modelRef);
  if (!existsSync(ref)) throw new InputError(`model not found: ${modelRef}`, {}, modelRef);
  if (statSync(ref).isDirectory()) return join(ref, 'manifest.json');
  if (!ref.toLowerCase().endsWith('.onnx'))
    throw new InputError('model reference must be a model directory or a .onnx file', {}, modelRef);
  const sidecar = join(dirname(ref), `${basename(ref).slice(0, -'.onnx'.length)}.manifest.json`);
  if (existsSync(sidecar)) return sidecar;
  return join(dirname(ref), 'manifest.json');
}

/**
 * Loads and validates a model: parses the manifest, reads the ONNX file it names (relative to the manifest)
 * and verifies its sha256. When `modelRef` is a .onnx file, the manifest must name that same file.
 * Throws InputError (with `file`) for a missing/malformed manifest, a missing ONNX file or a hash mismatch.
 */
export function loadModel(modelRef: string): LoadedModel {
  const manifestPath = resolveManifestPath(modelRef);
  if (!existsSync(manifestPath))
    throw new InputError(
      'model manifest not found (every .onnx needs a manifest.json beside it)',
      {},
      manifestPath,
    );
  let manifest: ModelManifest;
  try {
    manifest = parseModelManifest(JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown);
  } catch (error) {
    if (error instanceof PipelineError) throw error.withFile(manifestPath);
    throw new InputError(`model manifest is not valid JSON: ${(error as Error).message}`, {}, manifestPath);
  }
  const onnxPath = resolve(dirname(manifestPath), manifest.onnx.file);
  const ref = resolve(modelRef);
  if (ref.toLowerCase().endsWith('.onnx') && ref !== onnxPath)
    throw new InputError(`manifest describes ${manifest.onnx.file}, not ${basename(ref)}`, {}, manifestPath);
  if (!existsSync(onnxPath)) throw new InputError('ONNX file named by the manifest not found', {}, onnxPath);
  const onnxBytes = new Uint8Array(readFileSync(onnxPath));
  const actual = sha256Hex(onnxBytes);
  if (actual !== manifest.onnx.sha256)
    throw new InputError(
      `ONNX file sha256 ${actual} does not match the manifest's ${manifest.onnx.sha256} (file changed or corrupt)`,
      { expected: manifest.onnx.sha256, actual },
      onnxPath,
    );
  return { manifest, manifestPath, onnxPath, onnxBytes };
}
