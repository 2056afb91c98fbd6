import { parseArgs } from 'node:util';
import { PipelineError, UsageError } from '../core/errors.js';
import type { CliCommand, CommandIo } from './command.js';
import { COMMANDS } from './commands/index.js';
import { formatCommandHelp, formatGlobalHelp } from './help.js';
import { readPackageInfo } from './package-info.js';

/** Exit codes: 0 success, 1 a failed run (bad input, failed verdict is NOT a failure), 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * Runs `equidose <argv>` and resolves to the exit code. Never throws: every error becomes one line on
 * stderr (`equidose: <file>: <problem>`), with the stack only under --debug.
 */
export async function runCli(argv: readonly string[], streams: Omit<CommandIo, 'debug'>): Promise<number> {
  const debug = argv.includes('--debug');
  const io: CommandIo = { ...streams, debug };
  const args = argv.filter((a) => a !== '--debug');
  const first = args[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? args[1] : undefined;
    const command = topic === undefined ? undefined : COMMANDS.find((c) => c.name === topic);
    io.stdout.write(command ? formatCommandHelp(command) : formatGlobalHelp(COMMANDS));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${readPackageInfo().version}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    io.stderr.write(`equidose: unknown command '${first}' (see equidose --help)\n`);
    return EXIT_USAGE;
  }
  try {
    return await runCommand(command, args.slice(1), io);
  } catch (error) {
    return reportError(error, io);
  }
}

async function runCommand(command: CliCommand, args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(formatCommandHelp(command));
    return EXIT_OK;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: stripHelp(command),
      allowPositionals: command.allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${command.name}: ${(error as Error).message}`);
  }
  // The implementation (and the stack below it) loads only now; a failure to load is reported like any error.
  const run = await command.load();
  return run(parsed.values, parsed.positionals, io);
}

function stripHelp(command: CliCommand): NonNullable<Parameters<typeof parseArgs>[0]>['options'] {
  const out: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    out[name] = {
      type: spec.type,
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.short ? { short: spec.short } : {}),
    };
  }
  return out;
}

/** One line on stderr; the stack only with --debug. Usage errors exit 2, everything else 1. */
export function reportError(error: unknown, io: CommandIo): number {
  if (error instanceof PipelineError) {
    const where = error.file !== undefined ? `${error.file}: ` : '';
    io.stderr.write(`equidose: ${where}${oneLine(error.message)}\n`);
    if (io.debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as NodeJS.ErrnoException).code;
  const path = (err as NodeJS.ErrnoException).path;
  const message = code && path ? `${path}: ${describeErrno(code)}` : err.message;
  io.stderr.write(`equidose: ${oneLine(message)}\n`);
  if (io.debug && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT_FAILED;
}

function describeErrno(code: string): string {
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'is a directory, expected a file',
    ENOTDIR: 'not a directory',
    EACCES: 'permission denied',
    ENOSPC: 'no space left on device',
  };
  return known[code] ?? code;
}

const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, '; ');
