import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gridMismatch } from '../../../src/core/grid.js';
import { buildPhantom } from '../../../src/phantoms/build-phantom.js';
import { loadPhantomSpec } from '../../../src/phantoms/phantom-spec.js';
import { loadModel } from '../../../src/synthct/model-manifest.js';
import { SHIPPED_MODEL_ID, shippedModelDir } from '../../../src/synthct/shipped-model.js';
import { synthesizeCtDetailed } from '../../../src/synthct/synthesize-ct.js';
import { SYNTHCT_SHIPPED_MAE_TOLERANCE_HU } from '../../helpers/tolerances.js';

/** models/<id>/evaluation.json, written by models/train/evaluate.sh (the model card's figures). */
interface Evaluation {
  readonly cases: readonly { site: string; seed: number; maeHu: number; psnrDb: number; ssim: number }[];
  readonly meanBySite: Readonly<Record<string, { maeHu: number }>>;
}

const dir = shippedModelDir();
const present = existsSync(join(dir, 'model.onnx'));

describe.skipIf(!present)(`shipped sCT model ${SHIPPED_MODEL_ID}`, () => {
  it('has the sha256 its manifest declares (hashed here independently), and is a few MB at most', () => {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
      onnx: { sha256: string };
    };
    const bytes = readFileSync(join(dir, 'model.onnx'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(manifest.onnx.sha256);
    expect(statSync(join(dir, 'model.onnx')).size).toBeLessThan(5 * 1024 * 1024);
    const model = loadModel(dir);
    expect(model.manifest.input).toMatchObject({
      batch: 'dynamic',
      height: 'dynamic',
      width: 'dynamic',
      channels: 3,
    });
    expect(existsSync(join(dir, 'MODEL_CARD.md'))).toBe(true);
  });

  it('was evaluated on TEST seeds only, never on training seeds', () => {
    const evaluation = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as Evaluation;
    for (const c of evaluation.cases) {
      const { test, training } = loadPhantomSpec(c.site as 'pelvis' | 'head').seedRanges;
      expect(c.seed).toBeGreaterThanOrEqual(test[0]);
      expect(c.seed).toBeLessThanOrEqual(test[1]);
      expect(c.seed < training[0] || c.seed > training[1]).toBe(true);
    }
  });

  it('on the held-out pelvis phantom (test seed 1): sCT on the MR grid, body MAE = the model card figure', async () => {
    const evaluation = JSON.parse(readFileSync(join(dir, 'evaluation.json'), 'utf8')) as Evaluation;
    const card = evaluation.cases.find((c) => c.site === 'pelvis' && c.seed === 1);
    expect(card, 'evaluation.json lists pelvis seed 1').toBeDefined();
    const phantom = buildPhantom('pelvis', 1);
    const result = await synthesizeCtDetailed(phantom.mr, dir, { threads: 1 });
    expect(result.sct.grid).toBe(phantom.mr.grid);
    expect(gridMismatch(result.sct.grid, phantom.ct.grid, 0)).toBeUndefined();
    expect(result.sct.grid.frameOfReferenceUid).toBe(phantom.mr.grid.frameOfReferenceUid);
    let sum = 0;
    let count = 0;
    for (let n = 0; n < phantom.body.data.length; n++) {
      if (phantom.body.data[n] === 0) continue;
      sum += Math.abs(result.sct.data[n]! - phantom.ct.data[n]!);
      count++;
    }
    const maeHu = sum / count;
    expect(Math.abs(maeHu - card!.maeHu)).toBeLessThanOrEqual(SYNTHCT_SHIPPED_MAE_TOLERANCE_HU);
    // and it is a useful model: far better than a water-only (bulk 0 HU) sCT would be on this case
    let bulkWater = 0;
    for (let n = 0; n < phantom.body.data.length; n++)
      if (phantom.body.data[n] !== 0) bulkWater += Math.abs(phantom.ct.data[n]!);
    expect(maeHu).toBeLessThan(0.5 * (bulkWater / count));
  });
});
