#!/usr/bin/env node
// A person's journey through the taskbox web UI in headless Chromium: sign up, sign
// out and in, add/edit/complete/filter/delete (with undo) tasks, reload, a wrong
// password, the sign-in redirect for /dashboard, and a second user who sees nothing
// of the first. Fails on console errors, uncaught exceptions and CSP violations.
//
//   node tests/e2e/journey.mjs --binary build/taskbox [--ui-dir web/out]
//   node tests/e2e/journey.mjs --server-cmd "path/run.sh --port {port} --data-dir {data} --ui-dir web/out"
//   node tests/e2e/journey.mjs --url http://127.0.0.1:8080
//
// Options: --artifacts DIR (screenshots, server log; default tests/e2e/artifacts),
// --timeout SECONDS (whole run; default 180), --chromium PATH (default /usr/bin/chromium).
// The server gets a fresh temporary data directory and is always stopped at the end.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = dirname(fileURLToPath(import.meta.url));
const started = Date.now();

// ---------------------------------------------------------------- options

function usage() {
  return [
    "usage: node tests/e2e/journey.mjs (--binary PATH [--ui-dir DIR] | --server-cmd 'CMD {port} {data}' | --url URL)",
    "                                  [--artifacts DIR] [--timeout SECONDS] [--chromium PATH]",
  ].join("\n");
}

function parseArgs(argv) {
  const opts = {
    artifacts: join(HERE, "artifacts"),
    timeout: 180,
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

// ---------------------------------------------------------------- cleanup

const cleanups = [];
let cleaningUp = null;

function cleanup() {
  cleaningUp ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // Keep going: every resource gets its chance to be released.
      }
    }
  })();
  return cleaningUp;
}

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function fail(message, code = 1) {
  console.error(`\nFAIL: ${message}`);
  await cleanup();
  console.error(`total run time: ${seconds(Date.now() - started)}`);
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => void fail(`interrupted by ${signal}`, 130));
}

// ---------------------------------------------------------------- the server

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function shellQuote(s) {
  return `'${String(s).replace(/'/g, `'\\''`)}'`;
}

/** Starts the server in its own process group; resolves with its base URL. */
async function startServer(opts) {
  const data = mkdtempSync(join(tmpdir(), "taskbox-e2e-data-"));
  cleanups.push(() => rmSync(data, { recursive: true, force: true }));
  let child;
  let port = null;
  if (opts.binary) {
    const args = ["--port", "0", "--data-dir", data];
    if (opts.uiDir) args.push("--ui-dir", resolve(opts.uiDir));
    child = spawn(resolve(opts.binary), args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  } else {
    port = await freePort();
    const cmd = opts.serverCmd.replaceAll("{port}", String(port)).replaceAll("{data}", shellQuote(data));
    child = spawn("sh", ["-c", `exec ${cmd}`], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  }

  mkdirSync(opts.artifacts, { recursive: true });
  const log = createWriteStream(join(opts.artifacts, "server.log"));
  let exited = null;
  const exit = new Promise((res) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      res();
    });
    child.on("error", (error) => {
      exited = { code: null, signal: null, error };
      res();
    });
  });
  cleanups.push(async () => {
    if (exited === null && child.pid) {
      // The whole group: a server may have started workers of its own.
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // Already gone.
        }
      }, 5000);
      await exit;
      clearTimeout(timer);
    }
    await new Promise((res) => log.end(res));
  });

  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    log.write(chunk);
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    log.write(chunk);
  });

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(
        `the server exited before it was ready (${exited.error?.message ?? `code ${exited.code}`})\n${stderr.trim()}`,
      );
    }
    // The binary says where it listens; for a command template the port is ours.
    const announced = /taskbox listening on (https?:\/\/\S+)/.exec(stdout);
    if (announced) return announced[1].replace(/\/$/, "");
    if (port !== null && (await healthy(`http://127.0.0.1:${port}`))) return `http://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not become ready within 30 s\n${stderr.trim()}`);
}

async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- CSP

/** The contract's policy for an HTML page: its inline scripts allowed by hash. */
function policyFor(html) {
  const hashes = new Set();
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    hashes.add(`'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
  }
  return [
    "default-src 'self'",
    `script-src 'self' ${[...hashes].join(" ")}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

// ---------------------------------------------------------------- checks

class Check extends Error {}

function check(condition, message) {
  if (!condition) throw new Check(message);
}

async function eventually(fn, message, timeout = 10_000) {
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

// ---------------------------------------------------------------- the journey

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`journey: ${error.message}\n${usage()}`);
    process.exit(2);
  }

  const overall = setTimeout(() => void fail(`the journey took longer than ${opts.timeout} s`, 124), opts.timeout * 1000);
  overall.unref();
  mkdirSync(opts.artifacts, { recursive: true });

  const base = opts.url ? opts.url.replace(/\/$/, "") : await startServer(opts);
  console.log(`server: ${base}`);

  const browser = await chromium.launch({
    executablePath: opts.chromium,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  cleanups.push(() => browser.close());

  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: "light" });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);

  // What the browser complains about; expected API answers (401 for "not signed in",
  // a wrong password, a taken email) are part of the journey and are not problems.
  const problems = [];
  const apiStatuses = [];
  const deletes = [];
  let expectNotFound = null;
  page.on("console", (msg) => {
    if (msg.type() !== "error") return;
    const url = msg.location()?.url ?? "";
    const isApi = url.startsWith(`${base}/api/`);
    if (isApi && /Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) return;
    if (expectNotFound && url.startsWith(expectNotFound) && /status of 404/.test(msg.text())) return;
    problems.push(`console error: ${msg.text()}${url ? ` (${url})` : ""}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on("response", (res) => {
    const url = new URL(res.url());
    if (url.origin !== base) return;
    if (url.pathname.startsWith("/api/")) {
      apiStatuses.push(`${res.request().method()} ${url.pathname} ${res.status()}`);
      if (res.request().method() === "DELETE") deletes.push({ path: url.pathname, status: res.status() });
    } else if (res.status() >= 400 && !(expectNotFound && res.url().startsWith(expectNotFound))) {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  // A request that hangs for seconds is a stall a person would notice.
  page.on("requestfinished", (req) => {
    const { responseEnd } = req.timing();
    if (responseEnd > 3000) {
      problems.push(`slow request: ${req.method()} ${new URL(req.url()).pathname} took ${Math.round(responseEnd)} ms`);
    }
  });
  await context.exposeBinding("__taskboxCspViolation", (_source, text) => problems.push(`CSP violation: ${text}`));
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

  const stamp = Date.now().toString(36);
  const ada = { email: `ada.${stamp}@example.com`, name: "Ada", password: "correct horse battery" };
  const bob = { email: `bob.${stamp}@example.com`, password: "another long secret" };

  const steps = [];
  async function step(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
    } catch (error) {
      const shot = join(opts.artifacts, "failure.png");
      await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
      const detail = error instanceof Check ? error.message : error.stack || String(error);
      throw new Error(`step "${name}" failed: ${detail}\n  page: ${page.url()}\n  screenshot: ${shot}\n  last API calls: ${apiStatuses.slice(-6).join(", ")}`);
    }
    check(problems.length === 0, `after "${name}":\n  ${problems.join("\n  ")}`);
    const ms = Date.now() - t0;
    steps.push([name, ms]);
    console.log(`  ok  ${name} (${ms} ms)`);
  }

  // Helpers bound to the page.
  const path = () => new URL(page.url()).pathname;
  const taskTitles = async () =>
    page.locator('[data-testid="task-list"] > li [id$="-title"]').allTextContents();
  const summary = () => page.getByTestId("summary").textContent();
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

  await step("landing page explains taskbox and offers sign-up and sign-in", async () => {
    const res = await page.goto(`${base}/`);
    check(res.status() === 200, `GET / answered ${res.status()}`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    const text = await page.locator("main").innerText();
    check(/binary/i.test(text) && /accounts/i.test(text), "the landing page does not say what taskbox is");
    check((await page.getByRole("link", { name: "Create an account" }).count()) > 0, "no sign-up link");
    check((await page.getByRole("link", { name: "Sign in" }).count()) > 0, "no sign-in link");
    await page.screenshot({ path: join(opts.artifacts, "landing.png"), fullPage: true });
  });

  await step("sign-up checks the form before sending it", async () => {
    await page.getByRole("link", { name: "Create an account" }).first().click();
    await page.waitForURL((u) => u.pathname === "/signup");
    await page.getByRole("button", { name: "Create account" }).and(page.locator(":enabled")).waitFor();
    const before = apiStatuses.length;
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter a valid email address").waitFor();
    await page.getByText("Use at least 8 characters").waitFor();
    check((await page.getByLabel("Email").getAttribute("aria-invalid")) === "true", "email not marked invalid");
    check(apiStatuses.length === before, "an invalid form was sent to the server");
  });

  await step("sign up lands on an empty dashboard", async () => {
    await page.getByLabel("Email").fill(ada.email);
    await page.getByLabel("Name").fill(ada.name);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForDashboard();
    await page.getByTestId("user-email").filter({ hasText: ada.email }).waitFor();
    await page.getByTestId("empty-state").waitFor();
    check(/0 tasks/.test(await summary()), "a new account should have no tasks");
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    check(!/eyJ/.test(stored), "a token was stored in web storage");
    const cookies = await context.cookies(base);
    const session = cookies.find((c) => c.name === "taskbox_session");
    check(session && session.httpOnly, "no httpOnly taskbox_session cookie");
    check(!(await page.evaluate(() => document.cookie)).includes("taskbox_session"), "the session cookie is readable from JavaScript");
  });

  await step("sign out, then sign in again", async () => {
    await signOut();
    await signIn(ada);
    await waitForDashboard();
  });

  await step("add three tasks (one with the keyboard alone)", async () => {
    await addTask("Buy oat milk", "Two litres, the barista kind");
    await addTask("Write the quarterly report", "");
    await addTask("Call the plumber", "", { keyboard: true });
    await expectTitles(["Buy oat milk", "Write the quarterly report", "Call the plumber"], "after adding");
    check((await taskTitles())[0] === "Call the plumber", "the newest task should be first");
    check(/3 tasks · 3 pending · 0 completed/.test(await summary()), `summary: ${await summary()}`);
    await page.getByText("Two litres, the barista kind").waitFor();
  });

  await step("edit a task in place: Escape cancels, Enter saves", async () => {
    await page.getByRole("button", { name: "Edit Call the plumber" }).click();
    await page.getByLabel("Title", { exact: true }).fill("Something else");
    await page.getByLabel("Title", { exact: true }).press("Escape");
    await expectTitles(["Buy oat milk", "Write the quarterly report", "Call the plumber"], "after Escape");
    await eventually(
      () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") === "Edit Call the plumber"),
      "focus did not return to the Edit button after Escape",
    );

    await page.getByRole("button", { name: "Edit Write the quarterly report" }).click();
    const title = page.getByLabel("Title", { exact: true });
    await title.fill("Write the Q3 report");
    await page.getByLabel("Description", { exact: true }).fill("Numbers from finance first");
    await title.press("Enter");
    await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "after editing");
    await page.getByText("Numbers from finance first").waitFor();
  });

  await step("complete a task", async () => {
    const done = page.waitForResponse((r) => r.url().endsWith("/complete") && r.status() === 200);
    await page.getByRole("checkbox", { name: "Buy oat milk" }).check();
    await done;
    check(await page.getByRole("checkbox", { name: "Buy oat milk" }).isChecked(), "the task is not shown as completed");
    await eventually(async () => /3 tasks · 2 pending · 1 completed/.test(await summary()), "counts did not update");
  });

  await step("filter pending / completed / all", async () => {
    await page.getByRole("button", { name: /^Pending/ }).click();
    await expectTitles(["Write the Q3 report", "Call the plumber"], "pending filter");
    await page.getByRole("button", { name: /^Completed/ }).click();
    await expectTitles(["Buy oat milk"], "completed filter");
    await page.getByRole("button", { name: /^All/ }).click();
    await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "all filter");
  });

  await step("delete, undo, then delete for real", async () => {
    const deletesBefore = deletes.length;
    await page.getByRole("button", { name: "Delete Call the plumber" }).click();
    await expectTitles(["Buy oat milk", "Write the Q3 report"], "right after delete");
    await page.getByRole("button", { name: "Undo" }).click();
    await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "after undo");
    check(deletes.length === deletesBefore, "undo came too late: a DELETE was sent");

    // The same with the keyboard alone: Enter on Delete, then Ctrl+Z.
    await page.getByRole("button", { name: "Delete Call the plumber" }).focus();
    await page.keyboard.press("Enter");
    await expectTitles(["Buy oat milk", "Write the Q3 report"], "after deleting with the keyboard");
    await page.keyboard.press("Control+z");
    await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "after Ctrl+Z");
    check(deletes.length === deletesBefore, "Ctrl+Z came too late: a DELETE was sent");

    await page.getByRole("button", { name: "Delete Call the plumber" }).click();
    await expectTitles(["Buy oat milk", "Write the Q3 report"], "after the second delete");
    await page.getByTestId("toast").waitFor();
    await eventually(() => deletes.length === deletesBefore + 1, "no DELETE after the undo window closed", 9000);
    check(deletes.at(-1).status === 204, `DELETE answered ${deletes.at(-1).status}`);
    await page.getByTestId("toast").waitFor({ state: "detached" });
  });

  await step("reload: the state was saved", async () => {
    await page.reload();
    await waitForDashboard();
    await expectTitles(["Buy oat milk", "Write the Q3 report"], "after reload");
    check(await page.getByRole("checkbox", { name: "Buy oat milk" }).isChecked(), "completion was not saved");
    check(!(await page.getByRole("checkbox", { name: "Write the Q3 report" }).isChecked()), "wrong task completed");
    check(/2 tasks · 1 pending · 1 completed/.test(await summary()), `summary: ${await summary()}`);
  });

  await step("screenshots: desktop, phone width, dark mode", async () => {
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    await page.screenshot({ path: join(opts.artifacts, "dashboard.png"), fullPage: true });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(100);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 0, `the dashboard scrolls sideways at 375 px (${overflow} px too wide)`);
    await page.screenshot({ path: join(opts.artifacts, "dashboard-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 860 });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.waitForTimeout(100);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.screenshot({ path: join(opts.artifacts, "dashboard-dark.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
    check(bg !== "rgb(248, 250, 252)", `dark mode did not change the background (${bg})`);
  });

  await step("a wrong password shows an error", async () => {
    await signOut();
    await signIn({ ...ada, password: "not the password" });
    const alert = page.getByRole("alert").filter({ hasText: /invalid|incorrect/i });
    await alert.waitFor();
    check(path() === "/signin", "a wrong password left the sign-in page");
    check(await page.getByRole("button", { name: "Sign in" }).isEnabled(), "the button stayed disabled after the error");
    await page.screenshot({ path: join(opts.artifacts, "signin-error.png") });
  });

  await step("signed out, /dashboard sends you to sign in and back", async () => {
    await page.goto(`${base}/dashboard`);
    await page.waitForURL((u) => u.pathname === "/signin");
    const next = new URL(page.url()).searchParams.get("next");
    check(next === "/dashboard", `expected next=/dashboard, got ${next}`);
    await signIn(ada);
    await waitForDashboard();
    await expectTitles(["Buy oat milk", "Write the Q3 report"], "back on the dashboard");
  });

  await step("a second user cannot take the first one's email and sees none of their tasks", async () => {
    await signOut();
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.waitForURL((u) => u.pathname === "/signup");
    await page.getByRole("button", { name: "Create account" }).and(page.locator(":enabled")).waitFor();
    await page.getByLabel("Email").fill(ada.email.toUpperCase());
    await page.getByLabel("Password").fill(bob.password);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.locator("#email-error").waitFor();
    check(/already/i.test(await page.locator("#email-error").innerText()), "email_taken not shown under the email field");
    await page.getByLabel("Email").fill(bob.email);
    await page.getByRole("button", { name: "Create account" }).click();
    await waitForDashboard();
    await page.getByTestId("empty-state").waitFor();
    check((await taskTitles()).length === 0, "the second user sees tasks");
    const api = await page.evaluate(async () => {
      const res = await fetch("/api/me/tasks", { credentials: "same-origin" });
      return { status: res.status, body: await res.json() };
    });
    check(api.status === 200 && Array.isArray(api.body) && api.body.length === 0, `API shows ${JSON.stringify(api)}`);

    // Leaving inside the undo window still deletes (keepalive request on pagehide).
    await addTask("Short-lived", "");
    await page.getByRole("button", { name: "Delete Short-lived" }).click();
    await expectTitles([], "right after deleting");
    await page.reload();
    await waitForDashboard();
    await page.getByTestId("empty-state").waitFor();
    await eventually(
      () => page.evaluate(async () => (await (await fetch("/api/me/tasks")).json()).length === 0),
      "a task deleted just before leaving the page is still on the server",
    );
  });

  await step("signed in, the landing page goes straight to the dashboard", async () => {
    await page.goto(`${base}/`);
    await waitForDashboard();
  });

  await step("unknown pages get the 404 page; /signin/ works with a trailing slash", async () => {
    expectNotFound = `${base}/no-such-page`;
    const res = await page.goto(`${base}/no-such-page`);
    check(res.status() === 404, `GET /no-such-page answered ${res.status()}`);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    expectNotFound = null;
    const slash = await page.goto(`${base}/signin/`);
    check(slash.status() === 200, `GET /signin/ answered ${slash.status()}`);
    await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
  });

  await step("after repeated failed sign-ins the wait is shown in minutes", async () => {
    // An address nobody owns, so no real account gets locked.
    const email = `nobody.${stamp}@example.com`;
    const statuses = await page.evaluate(async (email) => {
      const seen = [];
      for (let i = 0; i < 15; i++) {
        const res = await fetch("/api/auth/login", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email, password: "not the password" }),
        });
        seen.push(res.status);
        if (res.status === 429) break;
      }
      return seen;
    }, email);
    check(statuses.at(-1) === 429, `no 429 after ${statuses.length} failed logins: ${statuses.join(" ")}`);
    await signIn({ email, password: "not the password" });
    await page.getByRole("alert").filter({ hasText: /Too many attempts, try again in \d+ minutes?/ }).waitFor();
  });

  clearTimeout(overall);
  console.log(`CSP: ${cspMode}`);
  console.log(`screenshots: ${join(opts.artifacts, "dashboard.png")} (+ dashboard-phone.png, dashboard-dark.png)`);
}

try {
  await main();
  await cleanup();
  console.log(`PASS: journey complete, total run time ${seconds(Date.now() - started)}`);
  process.exit(0);
} catch (error) {
  await fail(error instanceof Error ? error.message : String(error));
}
