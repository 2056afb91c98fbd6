import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/cli/commands/index.js';

// The command table holds descriptors only; each implementation (src/cli/commands/<name>-run.ts) loads with a
// dynamic import() when its command runs. These tests run the real CLI entry from its sources in a child
// process under module hooks that log every module loaded (tests/helpers/ts-module-hooks.mjs): deterministic,
// no timing involved.

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const REPO_URL = pathToFileURL(REPO).href.replace(/\/?$/, '/');
const HOOKS = './tests/helpers/ts-module-hooks-register.mjs';
const logDir = mkdtempSync(join(tmpdir(), 'equidose-lazy-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

interface SourceRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Third-party packages loaded (node_modules/<name>). */
  readonly packages: readonly string[];
  /** Project modules loaded, relative to the repository root (e.g. src/cli/commands/dose-run.ts). */
  readonly projectModules: readonly string[];
}

let runs = 0;
function runCliFromSources(args: readonly string[], env: Record<string, string> = {}): SourceRun {
  const log = join(logDir, `modules-${runs++}.log`);
  const r = spawnSync(process.execPath, ['--import', HOOKS, 'src/cli/main.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...env, EQUIDOSE_MODULE_LOG: log },
    timeout: 60_000,
  });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set<string>();
  const projectModules: string[] = [];
  for (const url of urls) {
    const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    if (pkg !== undefined) packages.add(pkg);
    else if (url.startsWith(REPO_URL)) projectModules.push(url.slice(REPO_URL.length));
  }
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, packages: [...packages], projectModules };
}

const implementations = (run: SourceRun): string[] => run.projectModules.filter((m) => m.endsWith('-run.ts'));

describe('CLI start-up loads only the command that runs', () => {
  it('equidose --help loads every descriptor but no implementation and no third-party package', () => {
    const r = runCliFromSources(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: equidose <command>/);
    for (const c of COMMANDS) expect(r.projectModules).toContain(`src/cli/commands/${c.name}.ts`);
    expect(implementations(r)).toEqual([]);
    expect(r.packages).toEqual([]);
  });

  it('<command> --help and a usage error do not load the implementation either', () => {
    const help = runCliFromSources(['dose', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: equidose dose /);
    const usage = runCliFromSources(['synth', '--no-such-flag']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("equidose: synth: Unknown option '--no-such-flag'\n");
    for (const r of [help, usage]) {
      expect(implementations(r)).toEqual([]);
      expect(r.packages).toEqual([]);
    }
  });

  it('equidose dose loads its own implementation, not the other commands’ (no onnxruntime, no mathjs)', () => {
    const missing = join(logDir, 'missing-plan.json');
    const r = runCliFromSources(['dose', '--ct', 'ct.nii.gz', '--plan', missing, '--out', 'dose.nii.gz']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^equidose: .*missing-plan\.json: /), '']);
    expect(implementations(r)).toEqual(['src/cli/commands/dose-run.ts']);
    expect(r.projectModules).toContain('src/dose/compute-dose.ts');
    expect(r.packages).not.toContain('onnxruntime-node');
    expect(r.packages).not.toContain('mathjs');
  });

  // Each command with inputs that make it fail right after loading (missing files, a bad value checked by the
  // implementation); `demo` has no input that fails early, its load is the same one-line import().
  const missing = (name: string): string => join(logDir, name);
  const failingRuns: Record<string, readonly string[]> = {
    cohort: [missing('manifest.csv'), '--out', missing('cohort')],
    convert: [missing('in.nii.gz'), missing('out.nii.gz')],
    dose: ['--ct', missing('ct.nii.gz'), '--plan', missing('plan.json'), '--out', missing('dose.nii.gz')],
    dvh: ['--dose', missing('dose.nii.gz'), '--structures', missing('structures.json')],
    gamma: ['--ref', missing('ref.nii.gz'), '--eval', missing('eval.nii.gz'), '--dd', '2', '--dta', '2'],
    info: [missing('ct.nii.gz')],
    metrics: ['--ct', missing('ct.nii.gz'), '--sct', missing('sct.nii.gz')],
    phantom: ['--site', 'nowhere', '--seed', '1', '--out', missing('phantom')],
    synth: ['--mr', missing('mr.nii.gz'), '--model', missing('model'), '--out', missing('sct.nii.gz')],
    validate: [],
  };
  it.each(Object.entries(failingRuns))(
    'equidose %s loads its own implementation and no other',
    (name, args) => {
      const r = runCliFromSources([name, ...args]);
      expect(r.code === 1 || r.code === 2).toBe(true);
      expect(r.stderr).toMatch(/^equidose: [^\n]+\n$/);
      expect(implementations(r)).toEqual([`src/cli/commands/${name}-run.ts`]);
    },
  );

  it('failingRuns covers every command but demo', () => {
    expect(Object.keys(failingRuns).sort()).toEqual(
      COMMANDS.map((c) => c.name)
        .filter((n) => n !== 'demo')
        .sort(),
    );
  });

  it('an implementation that fails to load is one line on stderr, exit 1; the stack only with --debug', () => {
    // onnxruntime-node failing to load (e.g. no native binary for this platform) only breaks the commands that use it
    const env = { EQUIDOSE_FAIL_LOAD: '/node_modules/onnxruntime-node/' };
    const args = ['synth', '--mr', 'mr.nii.gz', '--model', 'm', '--out', 'sct.nii.gz'];
    const r = runCliFromSources(args, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^equidose: injected load failure: \S*onnxruntime-node\S*\n$/);
    expect(r.packages).toContain('onnxruntime-node');
    const debug = runCliFromSources([...args, '--debug'], env);
    expect(debug.code).toBe(1);
    expect(debug.stderr.split('\n').length).toBeGreaterThan(3);
    expect(debug.stderr).toMatch(/\n\s+at /);
    expect(runCliFromSources(['--help'], env).code).toBe(0);
  });
});
