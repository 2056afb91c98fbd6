// Node module hooks (module.register) for tests that run the CLI from its TypeScript sources in a child
// process, the way a user's `node` loads it: .ts files are transpiled by esbuild (types stripped, nothing
// bundled), and every module URL that loads is appended to $EQUIDOSE_MODULE_LOG, so a test can see exactly
// which modules a command pulled in. $EQUIDOSE_FAIL_LOAD (a substring of a URL) makes that module fail to
// load, to test how the CLI reports it. Registered by ts-module-hooks-register.mjs (node --import).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

const logPath = process.env.EQUIDOSE_MODULE_LOG;
const failPattern = process.env.EQUIDOSE_FAIL_LOAD;

/** The sources import './x.js' (NodeNext resolution); on disk that module is './x.ts'. */
export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.endsWith('.ts') && /^\.{1,2}\/.*\.js$/.test(specifier)) {
    const ts = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (logPath) appendFileSync(logPath, `${url}\n`);
  if (failPattern && url.includes(failPattern)) throw new Error(`injected load failure: ${url}`);
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    const path = fileURLToPath(url);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      loader: 'ts',
      format: 'esm',
      target: 'esnext',
      sourcefile: path,
    });
    return { format: 'module', source: code, shortCircuit: true };
  }
  return nextLoad(url, context);
}
