import type { CliCommand } from './command.js';

/** `equidose --help`. */
export function formatGlobalHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'equidose: is a synthetic CT good enough to plan radiotherapy on? (research validation, not a clinical TPS)',
    '',
    'Usage: equidose <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Global options:',
    '  --help, -h     show help (equidose <command> --help for a command)',
    '  --version, -v  print the version',
    '  --debug        print stack traces on errors',
    '',
  ].join('\n');
}

/** `equidose <command> --help`. */
export function formatCommandHelp(command: CliCommand): string {
  const entries = Object.entries(command.options).map(([name, spec]) => {
    const flag = `--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    return [flag, spec.help] as const;
  });
  const width = Math.max(10, ...entries.map(([f]) => f.length));
  return [
    `Usage: ${command.usage}`,
    '',
    command.summary,
    ...(command.description ? ['', command.description] : []),
    '',
    'Options:',
    ...entries.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`),
    `  ${'--debug'.padEnd(width)}  print stack traces on errors`,
    `  ${'--help'.padEnd(width)}  show this help`,
    '',
  ].join('\n');
}
