import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { writeCohortFiles } from '../../cohort/cohort-files.js';
import { readCohortManifest } from '../../cohort/manifest.js';
import { checkCohortOptions, type CohortOptions, runCohort } from '../../cohort/run-cohort.js';
import {
  type CommandRun,
  type OptionValues,
  optionalNumber,
  optionalString,
  requireString,
} from '../command.js';

/** Exit code after Ctrl-C (128 + SIGINT), as shells report it. */
const EXIT_INTERRUPTED = 130;

function cohortOptions(values: OptionValues, signal: AbortSignal): CohortOptions {
  const opt = <T>(key: string, value: T | undefined): Record<string, T> =>
    value === undefined ? {} : { [key]: value };
  return {
    outDir: resolve(requireString(values, 'out')),
    ...opt('jobs', optionalNumber(values, 'jobs')),
    ...opt('hlut', optionalString(values, 'hlut')),
    ...opt('criteria', optionalString(values, 'criteria')),
    ...opt('backend', optionalString(values, 'backend')),
    ...opt('doseGridMm', optionalNumber(values, 'dose-grid-mm')),
    ...opt('requiredPatientPercent', optionalNumber(values, 'required-percent')),
    assumeRegistered: values['assume-registered'] === true,
    anonymize: values['anonymize'] === true,
    force: values['force'] === true,
    signal,
  };
}

/** The `equidose cohort` implementation (descriptor in ./cohort.ts). */
export const runCohortCommand: CommandRun = async (values, positionals, io) => {
  if (positionals.length !== 1)
    throw new UsageError(
      `cohort: expected one manifest.csv, got ${positionals.length} positional argument(s)`,
    );
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const options = cohortOptions(values, controller.signal);
    checkCohortOptions(options); // before anything is printed: a bad option is the only line on stderr
    const manifest = readCohortManifest(positionals[0] as string);
    io.stderr.write(`cohort: ${manifest.cases.length} case(s) from ${manifest.path}\n`);
    const result = await runCohort(manifest, {
      ...options,
      onProgress: (e) => io.stderr.write(`[${e.done}/${e.total}] ${e.caseId}: ${e.message}\n`),
    });
    const files = await writeCohortFiles(options.outDir, result.report);
    io.stderr.write(`${result.report.verdict.summary}\n`);
    io.stdout.write(`${files.find((f) => f.endsWith('.html'))}\n`);
    return result.report.verdict.failedCases > 0 ? 1 : 0;
  } catch (error) {
    if (controller.signal.aborted) {
      io.stderr.write('equidose: cohort interrupted; finished cases are kept, rerun to resume\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
  }
};
