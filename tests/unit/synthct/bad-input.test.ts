import { writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GeometryError, InputError, NumericalError } from '../../../src/core/errors.js';
import { createGrid } from '../../../src/core/grid.js';
import type { Volume } from '../../../src/core/volume.js';
import { loadModel } from '../../../src/synthct/model-manifest.js';
import { synthesizeCt } from '../../../src/synthct/synthesize-ct.js';
import { alignedGrid, bodyMr, makeModelDir } from './synthct-fixtures.js';

const { mr, body } = bodyMr(alignedGrid([21, 18, 7]));

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('synthesizeCt refuses bad models and bad MRs with clear errors', () => {
  it('a model whose channel count does not match the manifest', async () => {
    const e = await rejection(synthesizeCt(mr, makeModelDir('affine-1ch'), { bodyMask: body }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/input channel count is 1 in the model but 3 in the manifest/);
    expect((e as InputError).file).toMatch(/model\.onnx$/);
  });

  it('a model whose fixed in-plane size the manifest declares dynamic', async () => {
    const e = await rejection(synthesizeCt(mr, makeModelDir('affine-25d-fixed32'), { bodyMask: body }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/input height is fixed at 32 in the model but 'dynamic' in the manifest/);
  });

  it('a fixed-size model too small for the MR', async () => {
    const dir = makeModelDir('affine-25d-fixed32', (m) => {
      Object.assign(m['input'] as object, { batch: 2, height: 32, width: 32 });
    });
    const big = bodyMr(alignedGrid([40, 18, 3]));
    const e = await rejection(synthesizeCt(big.mr, dir, { bodyMask: big.body }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/spans 40 model pixels along the tensor width.*fixed 32/);
  });

  it('a model with a float64 input', async () => {
    const e = await rejection(synthesizeCt(mr, makeModelDir('affine-float64'), { bodyMask: body }));
    expect(e.message).toMatch(/input 'mr' has dtype float64, expected float32/);
  });

  it('input and output names that are not in the model', async () => {
    const a = await rejection(
      synthesizeCt(
        mr,
        makeModelDir('affine-25d', (m) => Object.assign(m['input'] as object, { name: 'image' })),
      ),
    );
    expect(a.message).toMatch(/no input 'image' \(model inputs: mr\)/);
    const b = await rejection(
      synthesizeCt(
        mr,
        makeModelDir('affine-25d', (m) => Object.assign(m['output'] as object, { name: 'ct' })),
      ),
    );
    expect(b.message).toMatch(/no output 'ct' \(model outputs: sct\)/);
  });

  it('NaN in the network output → NumericalError naming the slice', async () => {
    const e = await rejection(synthesizeCt(mr, makeModelDir('nan-output'), { bodyMask: body }));
    expect(e).toBeInstanceOf(NumericalError);
    expect(e.message).toMatch(/network output NaN at model slice 0/);
  });

  it('an ONNX file whose sha256 does not match the manifest', () => {
    const dir = makeModelDir('affine-25d');
    const bytes = readFileSync(join(dir, 'model.onnx'));
    bytes[bytes.length - 1]! ^= 1;
    writeFileSync(join(dir, 'model.onnx'), bytes);
    expect(() => loadModel(dir)).toThrow(/sha256 [0-9a-f]{64} does not match the manifest's/);
  });

  it('a missing manifest, a missing ONNX file, a non-ONNX reference', () => {
    const dir = makeModelDir('affine-25d');
    rmSync(join(dir, 'manifest.json'));
    expect(() => loadModel(dir)).toThrow(/model manifest not found/);
    expect(() => loadModel(join(dir, 'model.onnx'))).toThrow(/model manifest not found/);
    const dir2 = makeModelDir('affine-25d');
    rmSync(join(dir2, 'model.onnx'));
    expect(() => loadModel(dir2)).toThrow(/ONNX file named by the manifest not found/);
    expect(() => loadModel(join(dir2, 'manifest.json'))).toThrow(
      /must be a model directory or a \.onnx file/,
    );
    expect(() => loadModel(join(dir2, 'nope'))).toThrow(/model not found/);
  });

  it('an MR with no body signal', async () => {
    const empty: Volume<'MR'> = { grid: mr.grid, quantity: 'MR', data: new Float32Array(mr.data.length) };
    const e = await rejection(synthesizeCt(empty, makeModelDir('affine-25d')));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(/MR has no body signal/);
  });

  it('an MR whose body has no contrast', async () => {
    const flat = Float32Array.from(body.data, (b) => b * 500);
    const e = await rejection(
      synthesizeCt({ grid: mr.grid, quantity: 'MR', data: flat }, makeModelDir('affine-25d')),
    );
    expect(e.message).toMatch(/MR has no contrast inside the body/);
  });

  it('an MR with NaN, an empty mask, a mask on another grid', async () => {
    const withNan = Float32Array.from(mr.data);
    withNan[17] = NaN;
    const dir = makeModelDir('affine-25d');
    const a = await rejection(
      synthesizeCt({ grid: mr.grid, quantity: 'MR', data: withNan }, dir, { bodyMask: body }),
    );
    expect(a.message).toMatch(/MR has a non-finite value NaN at voxel index 17/);
    const emptyMask: Volume<'mask'> = {
      grid: mr.grid,
      quantity: 'mask',
      data: new Uint8Array(mr.data.length),
    };
    expect((await rejection(synthesizeCt(mr, dir, { bodyMask: emptyMask }))).message).toMatch(
      /body mask is empty/,
    );
    const other = createGrid({ size: mr.grid.size, spacingMm: [1, 1, 1] });
    const shifted: Volume<'mask'> = { grid: other, quantity: 'mask', data: body.data };
    const c = await rejection(synthesizeCt(mr, dir, { bodyMask: shifted }));
    expect(c).toBeInstanceOf(GeometryError);
    expect(c.message).toMatch(/MR and body mask: grids differ \(spacing/);
  });

  it('a bad thread count or batch size', async () => {
    const dir = makeModelDir('affine-25d');
    expect((await rejection(synthesizeCt(mr, dir, { bodyMask: body, threads: 0 }))).message).toMatch(
      /thread count/,
    );
    expect((await rejection(synthesizeCt(mr, dir, { bodyMask: body, batchSize: 1.5 }))).message).toMatch(
      /batch size/,
    );
  });
});
