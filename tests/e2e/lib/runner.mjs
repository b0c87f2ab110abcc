// Runs the journey's steps one after another and reports every one of them: a failed
// step does not stop the run; a step that needs a failed (or skipped) one is skipped.
// A failed step leaves a screenshot; the summary table and the closing
// "N passed, N failed, N skipped" line come at the end.

import { writeFileSync } from "node:fs";
import { join } from "node:path";

/** A failed expectation: reported by its message alone, without a stack. */
export class Check extends Error {}

export function check(condition, message) {
  if (!condition) throw new Check(message);
}

export async function eventually(fn, message, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      if (await fn()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Check(`${message}${last ? ` (${last.message.split("\n")[0]})` : ""}`);
}

export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 48);
}

export class StepRunner {
  /**
   * @param page the page that failure screenshots are taken of
   * @param artifacts the folder for screenshots
   * @param problems the browser's complaints (console errors, exceptions, CSP): any that
   *   arrive during a step fail it
   * @param context a function giving lines that help read a failure (URL, last API calls)
   */
  constructor({ page, artifacts, problems, context }) {
    this.page = page;
    this.artifacts = artifacts;
    this.problems = problems;
    this.context = context;
    this.results = [];
    this.current = null;
  }

  /** Runs `step.run()` unless a step it needs did not pass; records what happened. */
  async run(step) {
    const number = this.results.length + 1;
    const blocked = (step.needs ?? []).filter((id) => this.results.find((r) => r.id === id)?.status !== "pass");
    if (blocked.length > 0) {
      const reason = `needs ${blocked.map((id) => `"${this.nameOf(id)}"`).join(", ")}`;
      this.results.push({ number, id: step.id, name: step.name, status: "skip", ms: 0, detail: reason });
      console.log(`  skip ${step.name} (${reason})`);
      return;
    }
    const t0 = Date.now();
    this.current = step.name;
    this.problems.length = 0;
    let failure = null;
    try {
      await step.run();
    } catch (error) {
      // Playwright's call logs come with terminal colours; the report is read in files too.
      failure = (error instanceof Check ? error.message : error.stack || String(error)).replace(/\x1b\[[0-9;]*m/g, "");
    }
    if (this.problems.length > 0) {
      failure = [failure, ...this.problems].filter(Boolean).join("\n");
      this.problems.length = 0;
    }
    this.current = null;
    const ms = Date.now() - t0;
    const result = { number, id: step.id, name: step.name, status: failure ? "FAIL" : "pass", ms, detail: failure };
    this.results.push(result);
    if (!failure) {
      console.log(`  ok   ${step.name} (${ms} ms)`);
      return;
    }
    const shot = join(this.artifacts, `failed-${String(number).padStart(2, "0")}-${slug(step.name)}.png`);
    const saved = await this.page.screenshot({ path: shot, fullPage: true }).then(
      () => true,
      () => false,
    );
    result.detail = [failure, ...this.context(), saved ? `screenshot: ${shot}` : "no screenshot could be taken"].join("\n");
    console.log(`  FAIL ${step.name} (${ms} ms)\n${indent(result.detail, "       ")}`);
  }

  nameOf(id) {
    return this.results.find((r) => r.id === id)?.name ?? id;
  }

  get failed() {
    return this.results.filter((r) => r.status === "FAIL").length;
  }

  /**
   * Prints every step's outcome and returns how many failed. Steps never reached (the
   * run timed out, which fails the step it was in) are listed as "not run" and counted
   * with the skipped ones.
   */
  summary(plan = []) {
    const rows = [...this.results];
    if (this.current) rows.push({ number: rows.length + 1, name: this.current, status: "FAIL", ms: null, detail: "timed out" });
    for (const step of plan.slice(rows.length)) rows.push({ number: rows.length + 1, name: step.name, status: "not run", ms: null });
    const count = (status) => rows.filter((r) => r.status === status).length;
    const lines = ["", " #  result   time    step"];
    for (const r of rows) {
      const time = r.ms === null || r.status === "skip" ? "-" : seconds(r.ms);
      lines.push(`${String(r.number).padStart(2)}  ${r.status.padEnd(7)} ${time.padStart(6)}   ${r.name}`);
    }
    const failed = count("FAIL");
    lines.push("", `journey: ${count("pass")} passed, ${failed} failed, ${count("skip") + count("not run")} skipped`);
    console.log(lines.join("\n"));
    return failed;
  }
}

function indent(text, prefix) {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

/**
 * Everything the browser said, in order: console messages of every level, uncaught
 * exceptions, CSP violations and failed requests, each with the step it came in.
 */
export class BrowserLog {
  constructor(started) {
    this.started = started;
    this.lines = [];
  }

  add(kind, text, step) {
    const at = seconds(Date.now() - this.started).padStart(7);
    this.lines.push(`${at}  ${kind.padEnd(9)} ${text}${step ? `   [${step}]` : ""}`);
  }

  write(path) {
    writeFileSync(path, this.lines.join("\n") + "\n");
  }
}
