import { UsageError } from '../core/errors.js';
import type { DoseBackendRequest } from '../dose/engine.js';
import { DOSE_BACKEND_REQUESTS } from '../dose/engine.js';
import type { GammaBackendRequest } from '../compare/gamma/compute-gamma.js';

/** Everything `equidose validate` is asked to do (paths as given on the command line). */
export interface ValidationRequest {
  readonly ctPath: string;
  /** The sCT to validate, or the MR and model to synthesise it from. */
  readonly sct:
    | { readonly kind: 'sct'; readonly path: string }
    | { readonly kind: 'mr'; readonly path: string; readonly model: string };
  /** RTSTRUCT, a label map with its structures.json, or a structures.json. */
  readonly structuresPath: string;
  /** RTPLAN or plan.json. */
  readonly planPath: string;
  /** Built-in HU→RED table id or a table file (default: the built-in default table). */
  readonly hlut?: string;
  /** Prescription per fraction, Gy (default: the plan's). */
  readonly prescriptionGy?: number;
  /** Criteria JSON file or an inline gamma list ("3%/2mm,2%/2mm"). */
  readonly criteria?: string;
  readonly outDir: string;
  /** 'auto', 'js' (plain TypeScript) or a gpu.js mode; applies to the dose engine and gamma. */
  readonly backend: string;
  readonly anonymize: boolean;
  readonly pdf: boolean;
  readonly assumeRegistered: boolean;
  /** Isotropic dose-grid spacing, mm (default 2.5). */
  readonly doseGridMm?: number;
}

/** Maps --backend onto the dose engine's and gamma's own backend names ('js' is gamma's 'ts'). */
export function splitBackend(backend: string): { dose: DoseBackendRequest; gamma: GammaBackendRequest } {
  if (!(DOSE_BACKEND_REQUESTS as readonly string[]).includes(backend))
    throw new UsageError(`--backend must be one of ${DOSE_BACKEND_REQUESTS.join(', ')}, got '${backend}'`);
  const dose = backend as DoseBackendRequest;
  return { dose, gamma: dose === 'js' ? 'ts' : (dose as GammaBackendRequest) };
}

/** Checks values the CLI cannot check by type. */
export function checkRequest(r: ValidationRequest): void {
  if (r.prescriptionGy !== undefined && !(r.prescriptionGy > 0 && r.prescriptionGy < 100))
    throw new UsageError(
      `--prescription-gy must be a dose per fraction in (0, 100) Gy, got ${r.prescriptionGy}`,
    );
  if (r.doseGridMm !== undefined && !(r.doseGridMm >= 0.5 && r.doseGridMm <= 10))
    throw new UsageError(`--dose-grid-mm must be in [0.5, 10] mm, got ${r.doseGridMm}`);
  splitBackend(r.backend);
}
