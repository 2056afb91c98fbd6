import { UsageError } from '../../core/errors.js';
import { runValidation } from '../../pipeline/run-validation.js';
import type { ValidationRequest } from '../../pipeline/validation-request.js';
import {
  type CommandRun,
  type OptionValues,
  optionalNumber,
  optionalString,
  requireString,
} from '../command.js';
import type { CommandIo } from '../command.js';

/** The `equidose validate` implementation (descriptor in ./validate.ts). */
export const runValidateCommand: CommandRun = async (values, _positionals, io) => {
  const request = requestFromOptions(values);
  const outcome = await runValidation(request, stageLogger(io));
  const v = outcome.report.verdict;
  io.stderr.write(`verdict: ${v.level.toUpperCase()} (${v.summary})\n`);
  io.stdout.write(`${outcome.reportHtmlPath}\n`);
  return 0;
};

/** Prints each stage on stderr (the report path alone goes to stdout, for scripts). */
export function stageLogger(io: CommandIo): (stage: string) => void {
  const t0 = Date.now();
  return (stage) => io.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${stage}\n`);
}

function requestFromOptions(values: OptionValues): ValidationRequest {
  const sct = optionalString(values, 'sct');
  const mr = optionalString(values, 'mr');
  const model = optionalString(values, 'model');
  if ((sct === undefined) === (mr === undefined))
    throw new UsageError('give either --sct <sct> or --mr <mr> --model <model>');
  if (mr !== undefined && model === undefined) throw new UsageError('--mr needs --model <model>');
  if (sct !== undefined && model !== undefined) throw new UsageError('--model goes with --mr, not --sct');
  const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
  return {
    ctPath: requireString(values, 'ct'),
    sct:
      sct !== undefined
        ? { kind: 'sct', path: sct }
        : { kind: 'mr', path: mr as string, model: model as string },
    structuresPath: requireString(values, 'structures'),
    planPath: requireString(values, 'plan'),
    outDir: requireString(values, 'out'),
    backend: optionalString(values, 'backend') ?? 'auto',
    anonymize: values['anonymize'] === true,
    pdf: values['pdf'] === true,
    assumeRegistered: values['assume-registered'] === true,
    ...optional('hlut', optionalString(values, 'hlut')),
    ...optional('criteria', optionalString(values, 'criteria')),
    ...optional('prescriptionGy', optionalNumber(values, 'prescription-gy')),
    ...optional('doseGridMm', optionalNumber(values, 'dose-grid-mm')),
  };
}
