import type { CliCommand } from '../command.js';

/** `equidose cohort <manifest.csv> --out DIR`: validate every case of a cohort and aggregate. */
export const cohortCommand: CliCommand = {
  name: 'cohort',
  summary: 'Validate a cohort from a CSV manifest (worker pool, resumable) and aggregate the statistics',
  usage: 'equidose cohort <manifest.csv> --out DIR [--jobs N] [--criteria …] [--hlut …] [--force]',
  description:
    'The manifest has a header row and one row per case: case, ct, sct (or mr + model), structures, plan and an\n' +
    'optional prescriptionGy; relative paths resolve against the manifest folder. Every case runs `equidose\n' +
    'validate` on a worker pool into DIR/cases/<case>/. Finished cases are reused on a rerun (resume); a failed\n' +
    'case is reported and the others go on. Writes DIR/cohort.html, cohort.json and cohort.csv: per-metric mean ±\n' +
    'SD, median and range, box plots, Bland–Altman for target D98/D50/D2 and OAR Dmean, gamma pass rates against\n' +
    'TG-218, and the cohort verdict (≥ 95 % of patients with every target ΔD within tolerance, Korsholm 2014).\n' +
    'Exit 0 when the cohort ran (read cohort.json "verdict"), 1 on bad input or when any case failed.',
  options: {
    out: { type: 'string', help: 'output directory', valueName: 'DIR' },
    jobs: {
      type: 'string',
      help: 'parallel workers (default and at most: the number of cores)',
      valueName: 'N',
    },
    hlut: { type: 'string', help: 'HU→RED table for every case (as validate --hlut)', valueName: 'table' },
    criteria: {
      type: 'string',
      help: 'criteria for every case (as validate --criteria)',
      valueName: 'file|list',
    },
    backend: { type: 'string', help: 'compute backend (as validate --backend)', valueName: 'name' },
    'dose-grid-mm': { type: 'string', help: 'dose-grid spacing, mm (as validate)', valueName: 'mm' },
    'required-percent': {
      type: 'string',
      help: 'share of patients that must have every target ΔD within tolerance (default 95)',
      valueName: '%',
    },
    'assume-registered': { type: 'boolean', help: 'as validate --assume-registered, for every case' },
    anonymize: { type: 'boolean', help: 'drop patient identity and input paths from every output' },
    force: { type: 'boolean', help: 'recompute every case, even finished ones' },
  },
  allowPositionals: true,
  load: async () => (await import('./cohort-run.js')).runCohortCommand,
};
