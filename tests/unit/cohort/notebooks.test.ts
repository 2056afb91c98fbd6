import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The research notebooks are kept in git without outputs (results belong to the run, not to the source; outputs
 * also bloat diffs): every code cell has no outputs and no execution count, and each notebook names the tslab
 * TypeScript kernel. `bash scripts/run-notebooks.sh --strip` fixes a notebook that fails here; executing them is
 * `npm run test:notebooks`.
 */

const dir = resolve('notebooks');
const notebooks = readdirSync(dir).filter((f) => f.endsWith('.ipynb'));

interface Notebook {
  nbformat: number;
  metadata: { kernelspec?: { name?: string } };
  cells: {
    cell_type: string;
    source: string | string[];
    outputs?: unknown[];
    execution_count?: number | null;
  }[];
}

describe('notebooks in git', () => {
  it('are the two studies', () => {
    expect(notebooks.sort()).toEqual(['commissioning-study.ipynb', 'sct-error-sensitivity.ipynb']);
  });

  it.each(notebooks)('%s has no outputs, no execution counts, and the tslab kernel', (name) => {
    const nb = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Notebook;
    expect(nb.nbformat).toBe(4);
    expect(nb.metadata.kernelspec?.name).toBe('tslab');
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    expect(code.length).toBeGreaterThan(3);
    for (const [n, c] of code.entries()) {
      expect(c.outputs, `${name} code cell ${n} has outputs (strip them)`).toEqual([]);
      expect(c.execution_count, `${name} code cell ${n} has an execution count`).toBeNull();
    }
    // They use the package's public API by name, not its internals.
    const source = code.map((c) => (Array.isArray(c.source) ? c.source.join('') : c.source)).join('\n');
    expect(source).toMatch(/from 'equidose'/);
    expect(source).not.toMatch(/from '\.\.\/(src|dist)\//);
  });
});
