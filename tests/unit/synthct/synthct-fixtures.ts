import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createGrid, type Grid3, voxelIndex } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';

/** Test-only helpers: temp model directories around the tiny fixture graphs, and simple MR volumes. */

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** The weights and bias of the fixture graphs (make-models.py): sct = Σ W[c]·mr[c] + B. */
export const AFFINE_W = [0.125, 0.75, 0.25] as const;
export const AFFINE_B = -0.5;

type Json = Record<string, unknown>;

/** A complete, valid manifest for a fixture graph (overridable per field). */
export function baseManifest(sha256: string, file = 'model.onnx'): Json {
  return {
    schemaVersion: 1,
    id: 'test-affine',
    description: 'affine 2.5D map for tests',
    onnx: { file, sha256, opset: 13 },
    input: {
      name: 'mr',
      dtype: 'float32',
      batch: 'dynamic',
      channels: 3,
      height: 'dynamic',
      width: 'dynamic',
      spatialMultiple: 8,
    },
    output: { name: 'sct', dtype: 'float32' },
    modelGrid: {
      columnDirection: '+L',
      rowDirection: '+P',
      sliceDirection: '+S',
      inPlaneSpacingMm: null,
      sliceSpacingMm: null,
      neighbourSlices: 1,
    },
    mrNormalisation: {
      method: 'percentile-in-body',
      lowerPercentile: 1,
      upperPercentile: 99,
      outputRange: [-1, 1],
      clip: true,
    },
    bodyMask: { thresholdFraction: 0.1, robustMaxPercentile: 99.5, minVoxels: 10 },
    outputToHu: { scale: 1000, offset: 200 },
    huClipRange: [-1024, 3000],
    outsideBodyHu: -1000,
    trainingData: 'none (hand-built test graph)',
    licence: 'MIT',
  };
}

/** Copies fixture `<name>.onnx` into a fresh temp dir as model.onnx with a manifest; returns the dir. */
export function makeModelDir(name: string, edit: (m: Json) => void = () => {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'equidose-synthct-'));
  const src = join(FIXTURES, `${name}.onnx`);
  copyFileSync(src, join(dir, 'model.onnx'));
  const sha = createHash('sha256').update(readFileSync(src)).digest('hex');
  const manifest = baseManifest(sha);
  edit(manifest);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** A grid aligned with +L/+P/+S (the test models' directions), anisotropic, off-origin. */
export function alignedGrid(
  size: readonly [number, number, number],
  frameOfReferenceUid = '1.2.826.0.1.7',
): Grid3 {
  return createGrid({ size, spacingMm: [1.25, 0.8, 2.5], originLpsMm: [-20.5, 13, 40], frameOfReferenceUid });
}

/**
 * A body-like MR: an elliptic cylinder of tissue (value varying with i, j, k so every voxel differs) with a dark
 * ring ("cortical bone") and a dark core ("gas") inside, zero signal outside. Returns the MR and its exact body.
 */
export function bodyMr(grid: Grid3): { mr: Volume<'MR', Float32Array>; body: Volume<'mask', Uint8Array> } {
  const [nx, ny, nz] = grid.size;
  const data = new Float32Array(nx * ny * nz);
  const body = new Uint8Array(nx * ny * nz);
  const cx = (nx - 1) / 2;
  const cy = (ny - 1) / 2;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const r = Math.hypot((i - cx) / (nx * 0.4), (j - cy) / (ny * 0.4));
        const n = voxelIndex(grid.size, i, j, k);
        if (r > 1) continue;
        body[n] = 1;
        const ring = r > 0.45 && r < 0.55;
        const core = r < 0.15;
        data[n] = ring || core ? 2 : 300 + 7 * i + 3 * j + 11 * k + ((i * 13 + j * 7 + k * 5) % 17);
      }
  return { mr: { grid, quantity: 'MR', data }, body: { grid, quantity: 'mask', data: body } };
}
