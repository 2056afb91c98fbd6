import { existsSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { createGrid, voxelIndex } from '../../src/core/grid.js';
import type { Volume } from '../../src/core/volume.js';
import { loadModel } from '../../src/synthct/model-manifest.js';
import { OnnxRunner } from '../../src/synthct/onnx-runner.js';
import { shippedModelDir } from '../../src/synthct/shipped-model.js';
import { synthesizeCt } from '../../src/synthct/synthesize-ct.js';

/**
 * Speed of the shipped sCT generator in onnxruntime-node (target: ≤ 40 ms per 256² slice on the 2-core CI box):
 * one 256×256 slice (2.5D, 3 channels) per call, and a whole 256×256×100 MR through synthesizeCt (mask,
 * normalisation, 4-slice batches, stitching, clipping), each with 1 and 2 intra-op threads.
 * Per-slice latency of the whole-volume run = its mean time / 100.
 */
const dir = shippedModelDir();
const present = existsSync(dir);
const model = present ? loadModel(dir) : undefined;
const [sx, sy, sz] = model
  ? [
      model.manifest.modelGrid.inPlaneSpacingMm?.[0] ?? 2,
      model.manifest.modelGrid.inPlaneSpacingMm?.[1] ?? 2,
      model.manifest.modelGrid.sliceSpacingMm ?? 2.5,
    ]
  : [2, 2, 2.5];

/** A 256×256×100 body-like MR on the model's own pitch, so the model grid is exactly 256×256 per slice. */
function benchMr(): Volume<'MR', Float32Array> {
  const grid = createGrid({
    size: [256, 256, 100],
    spacingMm: [sx, sy, sz],
    originLpsMm: [-255, -255, -125],
  });
  const data = new Float32Array(256 * 256 * 100);
  for (let k = 0; k < 100; k++)
    for (let j = 0; j < 256; j++)
      for (let i = 0; i < 256; i++) {
        const r = Math.hypot((i - 127.5) / 110, (j - 127.5) / 85);
        const n = voxelIndex(grid.size, i, j, k);
        data[n] = r > 1 ? 5 : r > 0.85 ? 900 : r > 0.5 && r < 0.56 ? 30 : 350 + ((i * 7 + j * 3 + k) % 40);
      }
  return { grid, quantity: 'MR', data };
}

const slice = new Float32Array(3 * 256 * 256).map((_, n) => Math.sin(n / 97));
const runners = new Map<number, OnnxRunner>();
const runner = async (threads: number): Promise<OnnxRunner> => {
  if (!model) throw new Error('no shipped model');
  let r = runners.get(threads);
  if (!r) runners.set(threads, (r = await OnnxRunner.create(model, { threads })));
  return r;
};
const mr = present ? benchMr() : undefined;

describe.skipIf(!present)(`synthct: shipped model (${dir})`, () => {
  for (const threads of [1, 2]) {
    bench(
      `one 256×256 slice, ${threads} thread(s)`,
      async () => {
        await (await runner(threads)).run(slice, [1, 3, 256, 256]);
      },
      { iterations: 20, warmupIterations: 2, time: 0, warmupTime: 0 },
    );
  }
  for (const threads of [1, 2]) {
    bench(
      `whole 256×256×100 MR, ${threads} thread(s)`,
      async () => {
        if (!mr || !model) return;
        await synthesizeCt(mr, model, { threads, batchSize: 4 });
      },
      { iterations: 2, warmupIterations: 0, time: 0, warmupTime: 0 },
    );
  }
});
