// Makes sure a browser for the WebGPU tests exists; installs Debian's chromium when we may.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBrowser } from './find-browser.mjs';

const found = findBrowser();
if (found) {
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (isRoot && hasApt) {
  console.log('[synthlab] No Chromium found; installing Debian/Ubuntu package "chromium" with apt-get (about 2 minutes)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (findBrowser()) process.exit(0);
  console.error('[synthlab] apt-get finished but no chromium executable was found.');
  process.exit(1);
}
console.error(
  [
    '[synthlab] The browser tests need Chromium with WebGPU, and none was found.',
    hasApt
      ? '  Install it with:  sudo apt-get install -y chromium'
      : '  Install Chromium or Chrome, then point to it:  export CHROME_PATH=/path/to/chrome',
    '  (or set CHROME_PATH to an existing Chrome/Chromium executable).',
  ].join('\n'),
);
process.exit(1);
