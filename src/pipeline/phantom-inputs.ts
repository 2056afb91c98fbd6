import { join } from 'node:path';
import { createVolume, type Volume } from '../core/volume.js';
import type { Plan } from '../dose/plan.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { writeStructuresJson } from '../io/structures-file.js';
import { writeVolume } from '../io/write-volume.js';
import type { PhantomCase } from '../phantoms/build-phantom.js';

/**
 * A phantom case written as `equidose validate` inputs (NIfTI + structures.json + plan.json), the same layout
 * `equidose phantom` writes: used by `equidose demo` so its inputs stay on disk for the user to re-run, and by
 * the integration tests.
 */
export interface PhantomInputPaths {
  readonly ct: string;
  readonly mr: string;
  /** Label map; its structures.json is beside it. */
  readonly structures: string;
  readonly plan: string;
  readonly sct?: string;
}

export function writePhantomInputs(
  dir: string,
  phantom: PhantomCase,
  plan: Plan,
  sct?: Volume<'HU'>,
): PhantomInputPaths {
  const paths = {
    ct: join(dir, 'ct.nii.gz'),
    mr: join(dir, 'mr.nii.gz'),
    structures: join(dir, 'structures.nii.gz'),
    plan: join(dir, 'plan.json'),
  };
  writeVolume(paths.ct, phantom.ct);
  writeVolume(paths.mr, phantom.mr);
  writeVolume(paths.structures, createVolume(phantom.grid, 'label', phantom.structures.labelMap));
  writeStructuresJson(join(dir, 'structures.json'), phantom.structures.set);
  writeFileAtomic(paths.plan, `${JSON.stringify(plan, null, 2)}\n`);
  if (!sct) return paths;
  const sctPath = join(dir, 'sct.nii.gz');
  writeVolume(sctPath, sct);
  return { ...paths, sct: sctPath };
}
