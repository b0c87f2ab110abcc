// An axe-core audit of the page as it is, in light and dark colour schemes, at desktop
// width and at 375 px. Serious and critical violations fail the audit; moderate and
// minor ones are listed for information.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const VARIANTS = [
  { scheme: "light", width: 1280, height: 860 },
  { scheme: "light", width: 375, height: 812 },
  { scheme: "dark", width: 1280, height: 860 },
  { scheme: "dark", width: 375, height: 812 },
];

const AXE_OPTIONS = {
  runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
  resultTypes: ["violations"],
};

const FAILING = new Set(["serious", "critical"]);

function describe(violation, variant) {
  const where = violation.nodes
    .slice(0, 3)
    .map((n) => `${n.target.join(" ")}${n.failureSummary ? ` (${n.failureSummary.split("\n").slice(1).join(" ").trim()})` : ""}`)
    .join("; ");
  const more = violation.nodes.length > 3 ? ` and ${violation.nodes.length - 3} more` : "";
  return `[${violation.impact}] ${violation.id}: ${violation.help}, ${variant}: ${where}${more}`;
}

/**
 * Waits until no finite CSS transition or animation is running. Under reduced motion
 * the UI's stylesheet gives every element 1 ms transitions, so right after a change of
 * scheme a colour can still read as the old one for a frame.
 */
async function settled(page) {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity),
    null,
    { polling: "raf", timeout: 5000 },
  );
}

/**
 * Audits the page in each variant, then puts the viewport and colour scheme back.
 * Returns { failures, notes }: one line per violation and variant. A screenshot of
 * each variant with a failure is saved as axe-<label>-<scheme>-<width>.png.
 */
export async function audit(page, label, artifacts) {
  const viewport = page.viewportSize();
  const failures = [];
  const notes = [];
  try {
    // Reduced motion makes the UI's transitions and animations 1 ms long.
    await page.emulateMedia({ reducedMotion: "reduce" });
    for (const variant of VARIANTS) {
      const name = `${variant.scheme} ${variant.width}px`;
      await page.emulateMedia({ colorScheme: variant.scheme });
      await page.setViewportSize({ width: variant.width, height: variant.height });
      await settled(page);
      // Playwright evaluates through the DevTools protocol, which the page's CSP
      // (script-src 'self' plus hashes) does not govern: axe runs without bypassCSP, so
      // the page is audited under the policy it really has.
      if (!(await page.evaluate(() => typeof window.axe?.run === "function"))) await page.evaluate(axeSource);
      const result = await page.evaluate((options) => window.axe.run(document, options), AXE_OPTIONS);
      const failing = result.violations.filter((v) => FAILING.has(v.impact));
      failures.push(...failing.map((v) => describe(v, name)));
      notes.push(...result.violations.filter((v) => !FAILING.has(v.impact)).map((v) => describe(v, name)));
      if (failing.length > 0) {
        const file = join(artifacts, `axe-${label}-${variant.scheme}-${variant.width}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => {});
      }
    }
  } finally {
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
    if (viewport) await page.setViewportSize(viewport);
  }
  return { failures, notes };
}
