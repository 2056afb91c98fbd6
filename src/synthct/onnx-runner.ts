import * as ort from 'onnxruntime-node';
import { InputError } from '../core/errors.js';
import type { TensorDim } from './manifest-schema.js';
import type { LoadedModel } from './model-manifest.js';

/** The only file that imports onnxruntime-node (lint-enforced): session lifecycle, names, dtypes, shapes. */

export interface OnnxRunnerOptions {
  /** Intra-op threads (onnxruntime's per-operator parallelism); default 1. */
  readonly threads?: number;
}

/** NCHW dimensions of a batch of slices. */
export type Nchw = readonly [n: number, c: number, h: number, w: number];

type Declared = readonly (number | string)[];

/** Compares one declared model dimension with the manifest's; returns a problem or undefined. */
function dimProblem(
  what: string,
  declared: number | string | undefined,
  manifest: TensorDim,
): string | undefined {
  if (declared === undefined || typeof declared === 'string' || declared < 0) {
    return undefined; // symbolic or unknown in the model: the manifest's value (fixed or dynamic) governs
  }
  if (manifest === 'dynamic')
    return `${what} is fixed at ${declared} in the model but 'dynamic' in the manifest`;
  if (declared !== manifest) return `${what} is ${declared} in the model but ${manifest} in the manifest`;
  return undefined;
}

type Fail = (message: string, context?: Record<string, unknown>) => never;

/** Names: exactly one input, and the manifest's input and output names present. */
function checkNames(session: ort.InferenceSession, model: LoadedModel, fail: Fail): void {
  const { input, output } = model.manifest;
  if (!session.inputNames.includes(input.name))
    fail(`no input '${input.name}' (model inputs: ${session.inputNames.join(', ')})`);
  if (session.inputNames.length !== 1) fail(`model has ${session.inputNames.length} inputs, expected 1`);
  if (!session.outputNames.includes(output.name))
    fail(`no output '${output.name}' (model outputs: ${session.outputNames.join(', ')})`);
}

/** Declared dtype float32 and, where declared, an NCHW shape that honours the manifest. */
function checkTensor(
  role: 'input' | 'output',
  meta: ort.InferenceSession.ValueMetadata | undefined,
  model: LoadedModel,
  fail: Fail,
): void {
  if (meta === undefined) return;
  if (!meta.isTensor) return fail(`${role} '${meta.name}' is not a tensor`);
  if (meta.type !== 'float32') fail(`${role} '${meta.name}' has dtype ${meta.type}, expected float32`);
  const shape: Declared = meta.shape;
  if (shape.length === 0) return; // shape not declared: checked per run instead
  if (shape.length !== 4) fail(`${role} has rank ${shape.length} [${shape.join(', ')}], expected 4 (NCHW)`);
  const { input } = model.manifest;
  const problems =
    role === 'input'
      ? [
          dimProblem('input batch', shape[0], input.batch),
          dimProblem('input channel count', shape[1], input.channels),
          dimProblem('input height', shape[2], input.height),
          dimProblem('input width', shape[3], input.width),
        ]
      : [dimProblem('output channel count', shape[1], 1)];
  const found = problems.filter((p) => p !== undefined);
  if (found.length > 0) fail(found.join('; '), { declaredShape: shape });
}

/** Throws InputError when the model's declared input/output do not honour the manifest's contract. */
function checkMetadata(session: ort.InferenceSession, model: LoadedModel): void {
  const fail: Fail = (message, context = {}) => {
    throw new InputError(`ONNX model does not match its manifest: ${message}`, context, model.onnxPath);
  };
  checkNames(session, model, fail);
  const { input, output } = model.manifest;
  checkTensor(
    'input',
    session.inputMetadata.find((m) => m.name === input.name),
    model,
    fail,
  );
  checkTensor(
    'output',
    session.outputMetadata.find((m) => m.name === output.name),
    model,
    fail,
  );
}

/** One onnxruntime session for one model. Call `dispose()` when done (frees native memory). */
export class OnnxRunner {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly model: LoadedModel,
  ) {}

  /** Builds the session from the verified bytes and checks names, dtypes and declared shapes vs the manifest. */
  static async create(model: LoadedModel, options: OnnxRunnerOptions = {}): Promise<OnnxRunner> {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1)
      throw new InputError(`thread count must be a positive integer, got ${threads}`);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(model.onnxBytes, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
    } catch (error) {
      throw new InputError(
        `onnxruntime cannot load the model: ${(error as Error).message}`,
        {},
        model.onnxPath,
      );
    }
    try {
      checkMetadata(session, model);
    } catch (error) {
      await session.release();
      throw error;
    }
    return new OnnxRunner(session, model);
  }

  /**
   * Runs one NCHW float32 batch and returns the output's data (N×1×H×W, float32).
   * Throws InputError when onnxruntime rejects the input or the output's dtype/shape is not [N, 1, H, W].
   */
  async run(data: Float32Array, dims: Nchw): Promise<Float32Array> {
    const { manifest, onnxPath } = this.model;
    let result: ort.InferenceSession.OnnxValueMapType;
    try {
      result = await this.session.run({ [manifest.input.name]: new ort.Tensor('float32', data, [...dims]) });
    } catch (error) {
      throw new InputError(
        `onnxruntime rejected input [${dims.join(', ')}]: ${(error as Error).message}`,
        { dims },
        onnxPath,
      );
    }
    const out = result[manifest.output.name];
    if (out === undefined)
      throw new InputError(`model produced no output '${manifest.output.name}'`, {}, onnxPath);
    const expected = [dims[0], 1, dims[2], dims[3]];
    if (out.type !== 'float32' || out.dims.length !== 4 || out.dims.some((d, i) => d !== expected[i]))
      throw new InputError(
        `model output is ${out.type} [${out.dims.join(', ')}], expected float32 [${expected.join(', ')}]`,
        { dims: out.dims, expected },
        onnxPath,
      );
    return out.data as Float32Array;
  }

  /** Releases the native session. */
  async dispose(): Promise<void> {
    await this.session.release();
  }
}
