import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const SCREENSHOTS = fileURLToPath(new URL('../../../../artifacts/e2e/', import.meta.url));

/** Debian's chromium (never a downloaded browser); CHROMIUM_PATH overrides. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium not found at ${executablePath}. Install it: apt-get install -y --no-install-recommends chromium (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What must never reach a page: error class names, stack frames, serialized objects. */
const RAW_ERROR = /TRPCClientError|TypeError|ReferenceError|\bat \S+ \(|\[object Object\]|stack trace|INTERNAL_SERVER_ERROR|undefined is not/;

export async function assertNoRawErrors(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text, 'a page showed a raw error').not.toMatch(RAW_ERROR);
}

let counter = 0;
/** Checks the page shows no raw error, then saves artifacts/e2e/NN-name.png. */
export async function shot(page: Page, name: string): Promise<void> {
  await assertNoRawErrors(page);
  mkdirSync(SCREENSHOTS, { recursive: true });
  counter += 1;
  await page.waitForTimeout(250); // let antd motion settle
  await page.screenshot({ path: join(SCREENSHOTS, `${String(counter).padStart(2, '0')}-${name}.png`), fullPage: false });
}

/**
 * A numbered screenshot series, artifacts/e2e/<prefix>-NN-<name>.png (the names the user guide
 * references), each taken after checking the page shows no raw error.
 */
export function screenshotSeries(prefix: string, { fullPage = true } = {}): (page: Page, name: string) => Promise<void> {
  let taken = 0;
  return async (page, name) => {
    await assertNoRawErrors(page);
    mkdirSync(SCREENSHOTS, { recursive: true });
    taken += 1;
    await page.waitForTimeout(300); // let antd motion settle
    await page.screenshot({ path: join(SCREENSHOTS, `${prefix}-${String(taken).padStart(2, '0')}-${name}.png`), fullPage });
  };
}
