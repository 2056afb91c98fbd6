import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import type { BrowserCapabilities, BrowserMode, KernelCase } from './kernel-case.js';

/** Debian's chromium (scripts/install-system-deps.sh installs it); override with EQUIDOSE_CHROMIUM. */
export const CHROMIUM_PATH = process.env.EQUIDOSE_CHROMIUM ?? '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM_PATH);
export const CHROMIUM_SKIP_MESSAGE = `browser kernel tests skipped: no chromium at ${CHROMIUM_PATH} (run scripts/install-system-deps.sh or set EQUIDOSE_CHROMIUM)`;

/**
 * Flags that give a SwiftShader WebGPU adapter and WebGL2 (ANGLE on SwiftShader Vulkan) in headless Debian
 * chromium with no GPU. The page is a file:// URL (a secure context, so navigator.gpu exists); nothing is fetched
 * from the network.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-angle=swiftshader',
  '--enable-features=Vulkan',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface HarnessWindow {
  equidoseKernels: {
    run(c: KernelCase, mode: BrowserMode): Promise<number[]>;
    capabilities(): Promise<BrowserCapabilities>;
  };
}

export interface KernelHarness {
  readonly capabilities: BrowserCapabilities;
  /** Runs a registered kernel in the page on `mode`; the flat x-fastest output. */
  run(c: KernelCase, mode: BrowserMode): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Bundles tests/browser/harness-entry.ts (+ gpu.js's browser build), opens it in headless chromium. */
export async function openKernelHarness(): Promise<KernelHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'equidose-browser-'));
  await build({
    entryPoints: [fileURLToPath(new URL('./harness-entry.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    // keep kernel function text as written: gpu.js transpiles Function.prototype.toString()
    minify: false,
    keepNames: false,
    outfile: join(dir, 'harness.js'),
    logLevel: 'error',
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><script src="harness.js"></script>\n',
  );
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS],
      headless: true,
    });
    const page: Page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href);
    await page.waitForFunction(() => 'equidoseKernels' in globalThis);
    const capabilities = await page.evaluate(() =>
      (globalThis as unknown as HarnessWindow).equidoseKernels.capabilities(),
    );
    const opened = browser;
    return {
      capabilities,
      async run(c, mode) {
        const out = await page.evaluate(
          ([kc, m]) => (globalThis as unknown as HarnessWindow).equidoseKernels.run(kc, m),
          [c, mode] as const,
        );
        if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
        return Float32Array.from(out);
      },
      async close() {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
