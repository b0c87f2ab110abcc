#!/usr/bin/env node
// A person's journey through the taskbox web UI in headless Chromium: sign up, sign
// out and in, add/edit/complete/filter/delete (with undo) tasks, reload, a wrong
// password, the sign-in redirect for /dashboard, a second user who sees nothing of the
// first, and an axe-core accessibility audit of every page in light and dark mode at
// desktop and phone width. A step fails on its own checks and on console errors,
// uncaught exceptions and CSP violations. Every step is run and reported (one that
// needs a failed step is skipped); the exit code is non-zero if any failed.
//
//   node tests/e2e/journey.mjs --binary build/taskbox [--ui-dir web/out]
//   node tests/e2e/journey.mjs --server-cmd "path/run.sh --port {port} --data-dir {data} --ui-dir web/out"
//   node tests/e2e/journey.mjs --url http://127.0.0.1:8080
//
// Options: --artifacts DIR (screenshots, server and browser logs; default
// tests/e2e/artifacts), --timeout SECONDS (whole run; default 240), --chromium PATH
// (default /usr/bin/chromium). The server gets a fresh temporary data directory and is
// always stopped at the end.

import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS } from "../support/node/taskbox_server.mjs";
import { audit } from "./lib/a11y.mjs";
import { BrowserLog, Check, StepRunner, check, eventually, seconds } from "./lib/runner.mjs";
import { cleanup, onCleanup, policyFor, startServer } from "./lib/server.mjs";
import { accountSteps } from "./steps/accounts.mjs";
import { taskSteps } from "./steps/tasks.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const started = Date.now();

// The journey in order; each step names the steps it needs.
const ORDER = [
  "landing", "a11y-landing", "a11y-signin", "a11y-not-found", "signup-checks", "a11y-signup", "signup",
  "sign-out-in", "add", "edit", "complete", "title-label", "filter", "delete-undo", "hold", "reload",
  "a11y-dashboard", "a11y-dashboard-open", "screenshots", "wrong-password", "redirect-back", "second-user", "landing-redirect",
  "not-found", "lockout",
];

function usage() {
  return [
    "usage: node tests/e2e/journey.mjs (--binary PATH [--ui-dir DIR] | --server-cmd 'CMD {port} {data}' | --url URL)",
    "                                  [--artifacts DIR] [--timeout SECONDS] [--chromium PATH]",
  ].join("\n");
}

function parseArgs(argv) {
  const opts = {
    artifacts: join(HERE, "artifacts"),
    timeout: 240,
    chromium: process.env.TASKBOX_E2E_CHROMIUM || "/usr/bin/chromium",
  };
  const takes = new Set(["--binary", "--ui-dir", "--server-cmd", "--server", "--url", "--artifacts", "--timeout", "--chromium"]);
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].includes("=") ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
    if (flag === "--help" || flag === "-h") {
      console.log(usage());
      process.exit(0);
    }
    if (!takes.has(flag)) throw new Error(`unknown option '${argv[i]}'`);
    value ??= argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const key = { "--binary": "binary", "--ui-dir": "uiDir", "--server-cmd": "serverCmd", "--server": "serverCmd",
      "--url": "url", "--artifacts": "artifacts", "--timeout": "timeout", "--chromium": "chromium" }[flag];
    opts[key] = key === "timeout" ? Number(value) : value;
  }
  const modes = ["binary", "serverCmd", "url"].filter((k) => opts[k]);
  if (modes.length !== 1) throw new Error("give exactly one of --binary, --server-cmd, --url");
  if (!(opts.timeout > 0)) throw new Error("--timeout must be a positive number of seconds");
  opts.artifacts = resolve(opts.artifacts);
  return opts;
}

async function finish(code) {
  await cleanup();
  console.log(`total run time: ${seconds(Date.now() - started)}`);
  process.exit(code);
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`journey: ${error.message}\n${usage()}`);
    process.exit(2);
  }
  mkdirSync(opts.artifacts, { recursive: true });
  // What a failed run left behind would otherwise look like this run's.
  for (const file of readdirSync(opts.artifacts)) {
    if (/^(failed-.*|axe-.*)\.png$|^browser-console\.log$/.test(file)) rmSync(join(opts.artifacts, file));
  }

  const browserLog = new BrowserLog(started);
  let runner = null;
  let plan = [];
  const stop = async (message, code) => {
    console.error(`\n${message}`);
    if (runner) runner.summary(plan);
    browserLog.write(join(opts.artifacts, "browser-console.log"));
    await finish(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => void stop(`interrupted by ${signal}`, 130));
  setTimeout(() => void stop(`FAIL: the journey took longer than ${opts.timeout} s`, 124), opts.timeout * 1000).unref();

  const base = opts.url ? opts.url.replace(/\/$/, "") : await startServer(opts);
  console.log(`server: ${base}`);

  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  onCleanup(() => browser.close());

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);

  // What the browser complains about; expected API answers (401 for "not signed in",
  // a wrong password, a taken email) are part of the journey and are not problems.
  const problems = [];
  const apiStatuses = [];
  const deletes = [];
  const expect = { notFound: null };
  const problem = (kind, text) => {
    problems.push(`${kind}: ${text}`);
    browserLog.add(kind, text, runner?.current);
  };
  page.on("console", (msg) => {
    const url = msg.location()?.url ?? "";
    const text = `${msg.text()}${url ? ` (${url})` : ""}`;
    const isApi = url.startsWith(`${base}/api/`);
    const expected =
      (isApi && /Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) ||
      (expect.notFound && url.startsWith(expect.notFound) && /status of 404/.test(msg.text()));
    if (msg.type() === "error" && !expected) problem("console error", text);
    else browserLog.add(`console.${msg.type()}`, text, runner?.current);
  });
  page.on("pageerror", (error) => problem("uncaught exception", error.message));
  page.on("requestfailed", (req) => browserLog.add("request", `${req.method()} ${req.url()} failed: ${req.failure()?.errorText}`, runner?.current));
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (url.origin !== base) return;
    if (url.pathname.startsWith("/api/")) {
      apiStatuses.push(`${res.request().method()} ${url.pathname} ${res.status()}`);
      if (res.request().method() === "DELETE") deletes.push({ path: url.pathname, status: res.status() });
    } else if (res.status() >= 400 && !(expect.notFound && res.url().startsWith(expect.notFound))) {
      problem("HTTP error", `${res.status()} for ${res.url()}`);
    }
  });
  // A request that hangs for seconds is a stall a person would notice.
  page.on("requestfinished", (req) => {
    const { responseEnd } = req.timing();
    if (responseEnd > 3000) {
      problem("slow request", `${req.method()} ${new URL(req.url()).pathname} took ${Math.round(responseEnd)} ms`);
    }
  });
  await context.exposeBinding("__taskboxCspViolation", (_source, text) => problem("CSP violation", text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      // eslint-disable-next-line no-undef
      window.__taskboxCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });

  // Pages must work under the contract's CSP. A server that sends none with
  // script-src (the reference peer sends only frame-ancestors) gets the policy added
  // here; a server that sends its own is left alone, so nothing sits in between.
  const probe = await fetch(`${base}/`);
  const servedCsp = probe.headers.get("content-security-policy") ?? "";
  await probe.arrayBuffer();
  const cspMode = /script-src/.test(servedCsp)
    ? "the server's own"
    : "added by the journey (the server sent none with script-src)";
  if (!/script-src/.test(servedCsp)) {
    await context.route(
      (url) => url.origin === base && !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/_next/"),
      async (route) => {
        if (route.request().resourceType() !== "document") return route.continue();
        const response = await route.fetch();
        const body = await response.text();
        const headers = { ...response.headers(), "content-security-policy": policyFor(body) };
        return route.fulfill({ response, body, headers });
      },
    );
  }

  const ctx = journeyContext({ page, context, base, opts, apiStatuses, deletes, expect });
  runner = new StepRunner({
    page,
    artifacts: opts.artifacts,
    problems,
    context: () => [`page: ${page.url()}`, `last API calls: ${apiStatuses.slice(-6).join(", ")}`],
  });
  const steps = { ...accountSteps(ctx), ...taskSteps(ctx) };
  plan = ORDER.map((id) => ({ id, ...steps[id] }));
  for (const step of plan) await runner.run(step);

  const failed = runner.summary(plan);
  console.log(`CSP: ${cspMode}`);
  console.log(`accessibility (axe-core, serious and critical fail; light/dark at 1280 and 375 px):`);
  for (const line of ctx.axeReport) console.log(`  ${line}`);
  console.log(`screenshots: ${join(opts.artifacts, "dashboard.png")} (+ dashboard-phone.png, dashboard-dark.png)`);
  browserLog.write(join(opts.artifacts, "browser-console.log"));
  if (failed > 0) console.log(`browser console log: ${join(opts.artifacts, "browser-console.log")}`);
  console.log(failed > 0 ? "FAIL: journey incomplete" : "PASS: journey complete");
  return failed > 0 ? 1 : 0;
}

/** The page, the two people of the journey, and the helpers the steps share. */
function journeyContext({ page, context, base, opts, apiStatuses, deletes, expect }) {
  const stamp = Date.now().toString(36);
  const path = () => new URL(page.url()).pathname;
  const taskTitles = async () => page.locator('[data-testid="task-list"] > li [id$="-title"]').allTextContents();
  const summary = () => page.getByTestId("summary").textContent();
  const axeReport = [];

  async function waitForDashboard() {
    await page.waitForURL((u) => u.pathname === "/dashboard");
    await page.getByRole("button", { name: "Add task" }).and(page.locator(":enabled")).waitFor();
  }
  async function signIn(user) {
    await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  async function signOut() {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/signin");
  }
  async function addTask(title, description, { keyboard = false } = {}) {
    const before = (await taskTitles()).length;
    await page.getByLabel("New task").fill(title);
    if (description) await page.getByLabel("Description (optional)").fill(description);
    if (keyboard) await page.getByLabel("New task").press("Enter");
    else await page.getByRole("button", { name: "Add task" }).click();
    await eventually(async () => (await taskTitles()).length === before + 1, `"${title}" did not appear`);
    check((await page.getByLabel("New task").inputValue()) === "", "the title field was not cleared after adding");
  }
  async function expectTitles(expected, what) {
    await eventually(
      async () => JSON.stringify((await taskTitles()).sort()) === JSON.stringify([...expected].sort()),
      `${what}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(await taskTitles().catch(() => []))}`,
    );
  }
  /** Audits the page as it is; fails with every serious or critical violation. */
  async function auditPage(label) {
    const { failures, notes } = await audit(page, label, opts.artifacts);
    const minor = notes.length > 0 ? `; ${notes.length} moderate/minor: ${[...new Set(notes.map((n) => n.split(":")[0]))].join(", ")}` : "";
    axeReport.push(`${label}: ${failures.length} serious/critical${minor}`);
    for (const note of notes) console.log(`       note: ${note}`);
    if (failures.length > 0) throw new Check(`axe found ${failures.length} serious or critical violations:\n${failures.join("\n")}`);
  }

  return {
    page,
    context,
    base,
    stamp,
    apiStatuses,
    deletes,
    expect,
    axeReport,
    ada: { email: `ada.${stamp}@example.com`, name: "Ada", password: "correct horse battery" },
    bob: { email: `bob.${stamp}@example.com`, password: "another long secret" },
    artifact: (name) => join(opts.artifacts, name),
    path,
    taskTitles,
    summary,
    waitForDashboard,
    signIn,
    signOut,
    addTask,
    expectTitles,
    auditPage,
  };
}

let code = 1;
try {
  code = await main();
} catch (error) {
  console.error(`\nFAIL: ${error instanceof Error ? error.stack || error.message : String(error)}`);
}
await finish(code);
