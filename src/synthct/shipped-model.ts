import { join } from 'node:path';
import { findPackageRoot } from '../cli/package-info.js';

/** Id of the generator equidose ships (models/<id>/: model.onnx, manifest.json, MODEL_CARD.md). */
export const SHIPPED_MODEL_ID = 'pix2pix-phantom-v2';

/** Absolute path of the shipped model's directory inside the installed package. */
export const shippedModelDir = (): string => join(findPackageRoot(), 'models', SHIPPED_MODEL_ID);
