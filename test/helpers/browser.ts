/**
 * Shared browser-test parts: Debian Chromium through playwright-core with the project's flags, and axe-core
 * injected into the page under test. One browser per test file: the machine has 2 cores.
 *
 * axe-core is evaluated through the DevTools protocol (page.evaluate), which the page's Content-Security-Policy
 * does not govern, so the policy under test stays exactly as served.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

let axeSource: string | undefined;
function axeScript(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A/AA and best-practice rules) on the page as it is now; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(axeScript());
  const result = (await page.evaluate(`window.axe.run(document, { resultTypes: ['violations'] })`)) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** A readable line per violation, for an assertion message. */
export function describeViolations(url: string, violations: AxeViolation[]): string {
  return violations.map((v) => `${url}: ${v.id} (${v.impact}) ${v.help} — ${v.targets.slice(0, 3).join(', ')}`).join('\n');
}
