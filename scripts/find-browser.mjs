// Finds a Chromium-family browser for the browser tests and benchmarks.
// Order: $CHROME_PATH, the usual Debian/Ubuntu paths, then a Playwright-managed build if one exists.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const SYSTEM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

/** @returns {string | null} absolute path of a browser executable, or null */
export function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file is there.`);
  }
  for (const p of SYSTEM_PATHS) if (existsSync(p)) return p;
  try {
    const { chromium } = createRequire(import.meta.url)('playwright-core');
    const managed = chromium.executablePath();
    if (managed && existsSync(managed)) return managed;
  } catch {
    // playwright-core not resolvable or no managed build: fall through.
  }
  return null;
}

/**
 * Flags for headless Chromium with WebGPU on, also on machines without a GPU (SwiftShader),
 * and without the background traffic that floods a closed network.
 */
export const BROWSER_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];
