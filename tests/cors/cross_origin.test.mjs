// A frontend on another origin, in a real browser, against the real taskbox binary: the
// way a Next.js dev server on :3000 talks to taskbox on :8080. Two tiny static servers
// (other ports of 127.0.0.1, so other origins of the same site) serve one page; taskbox
// starts with only the first of them in BETTER_AUTH_TRUSTED_ORIGINS. In headless
// Chromium, the page from the trusted origin signs up with Better Auth's route, reads
// get-session, creates a task and lists it, all by fetch(..., {credentials: "include"})
// with the session cookie; the same page from the untrusted origin cannot read any
// answer (no CORS), and its writes are refused by the server (checked afterwards: nothing
// was created), even though the browser sends it the same cookie.
//
//   npm ci --prefix tests/cors
//   node tests/cors/cross_origin.test.mjs --binary build-dev/taskbox [--chromium /usr/bin/chromium]
//
// Without Chromium it prints "cors_browser skipped: <reason>" and exits 0.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { createServer } from "node:http";
import { after, before, test } from "node:test";
import { parseArgs } from "node:util";

import { CHROMIUM_ARGS, startTaskbox } from "../support/node/taskbox_server.mjs";

const { values: args } = parseArgs({
  options: {
    binary: { type: "string" },
    chromium: { type: "string", default: process.env.TASKBOX_E2E_CHROMIUM || "/usr/bin/chromium" },
  },
});
if (!args.binary) {
  console.error("usage: node cross_origin.test.mjs --binary PATH/TO/taskbox [--chromium PATH]");
  process.exit(2);
}
try {
  accessSync(args.chromium, constants.X_OK);
} catch {
  console.log(`cors_browser skipped: no Chromium at ${args.chromium} (set --chromium or TASKBOX_E2E_CHROMIUM)`);
  process.exit(0);
}
const { chromium } = await import("playwright-core");

// The frontend: each function runs one call the way an app's code would, and reports
// what the page could see of the answer (or that the browser refused to show it).
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>frontend</title></head>
<body><h1>frontend</h1>
<script>
  async function call(api, method, path, body, contentType = "application/json") {
    const init = { method, credentials: "include", headers: {} };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      init.headers["Content-Type"] = contentType;
    }
    try {
      const res = await fetch(api + path, init);
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null,
               token: res.headers.get("set-auth-token") };
    } catch (error) {
      return { blocked: String(error) };
    }
  }
  window.frontend = {
    signUp: (api, user) => call(api, "POST", "/api/auth/sign-up/email", user),
    session: (api) => call(api, "GET", "/api/auth/get-session"),
    createTask: (api, title) => call(api, "POST", "/api/me/tasks", { title }),
    listTasks: (api) => call(api, "GET", "/api/me/tasks"),
    // A "simple" request: no preflight, so it reaches the server whatever CORS says.
    createTaskWithoutPreflight: (api, title) =>
      call(api, "POST", "/api/me/tasks", JSON.stringify({ title }), "text/plain"),
  };
</script>
</body></html>`;

const cleanups = [];
let api;
let trusted;
let untrusted;
let browser;

function serveFrontend() {
  return new Promise((done, fail) => {
    const server = createServer((req, res) => {
      res.writeHead(req.url === "/" ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
      res.end(req.url === "/" ? PAGE : "");
    });
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      cleanups.push(() => new Promise((closed) => server.close(closed)));
      done(`http://127.0.0.1:${server.address().port}`);
    });
  });
}

/** taskbox with `env`, stopped at the end; resolves with its URL. */
async function startApi(env) {
  const server = await startTaskbox(args.binary, { TASKBOX_TRUSTED_ORIGINS: "", TASKBOX_JWT_SECRET: "", ...env });
  cleanups.push(server.stop);
  return server.url;
}

before(async () => {
  trusted = await serveFrontend();
  untrusted = await serveFrontend();
  // TASKBOX_TRUSTED_ORIGINS is emptied above, so Better Auth's own variable is what counts.
  // NOTE: 127.0.0.1 in the taskbox URL too: localhost would be another site, and the
  // browser would then treat the session cookie as a third-party one.
  api = await startApi({
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
    BETTER_AUTH_TRUSTED_ORIGINS: `${trusted}/`,
  });
  assert.match(api, /^http:\/\/127\.0\.0\.1:/);
  browser = await chromium.launch({
    executablePath: args.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  cleanups.push(() => browser.close());
});

after(async () => {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch {
      // Keep going: every resource gets its chance to be released.
    }
  }
});

/** A page of `origin` in a context of its own (its own cookie jar) unless `context` is given. */
async function frontendPage(origin, context) {
  const ctx = context ?? (await browser.newContext());
  const page = await ctx.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${origin}/`);
  return { page, context: ctx, run: (fn, ...rest) => page.evaluate(([name, a]) => window.frontend[name](...a), [fn, [api, ...rest]]) };
}

test("a page from a trusted origin signs up, reads its session, creates and lists a task", async () => {
  const { run, context } = await frontendPage(trusted);
  const signUp = await run("signUp", { name: "Ada", email: "ada@example.com", password: "correct horse" });
  assert.equal(signUp.status, 200, JSON.stringify(signUp));
  assert.equal(signUp.body.user.email, "ada@example.com");
  assert.ok(signUp.token, "set-auth-token is exposed to the page");

  const session = await run("session");
  assert.equal(session.status, 200, JSON.stringify(session));
  assert.equal(session.body?.user?.email, "ada@example.com", "the cookie went with the cross-origin request");

  const created = await run("createTask", "from the trusted frontend");
  assert.equal(created.status, 201, JSON.stringify(created));
  const listed = await run("listTasks");
  assert.equal(listed.status, 200, JSON.stringify(listed));
  assert.deepEqual(
    listed.body.map((task) => task.title),
    ["from the trusted frontend"],
  );
  await context.close();
});

test("the same page from an untrusted origin reads nothing and writes nothing", async () => {
  // One browser: Ada signed in on the trusted frontend, then visits the untrusted one. The
  // cookie belongs to 127.0.0.1, whatever the port, so the browser sends it to both.
  const context = await browser.newContext();
  const friend = await frontendPage(trusted, context);
  const signUp = await friend.run("signUp", { name: "Bob", email: "bob@example.com", password: "correct horse" });
  assert.equal(signUp.status, 200, JSON.stringify(signUp));
  assert.equal((await friend.run("createTask", "bob's only task")).status, 201);

  const stranger = await frontendPage(untrusted, context);
  const read = await stranger.run("listTasks");
  assert.ok(read.blocked, `the browser let an untrusted origin read the answer: ${JSON.stringify(read)}`);
  const preflighted = await stranger.run("createTask", "planted by a preflighted write");
  assert.ok(preflighted.blocked, JSON.stringify(preflighted));
  const simple = await stranger.run("createTaskWithoutPreflight", "planted by a simple write");
  assert.ok(simple.blocked, JSON.stringify(simple));
  const newcomer = await stranger.run("signUp", { name: "Eve", email: "eve@example.com", password: "correct horse" });
  assert.ok(newcomer.blocked, JSON.stringify(newcomer));

  // The server refused the writes it received, not only the browser their answers.
  const listed = await friend.run("listTasks");
  assert.equal(listed.status, 200, JSON.stringify(listed));
  assert.deepEqual(
    listed.body.map((task) => task.title),
    ["bob's only task"],
  );
  const eve = await fetch(`${api}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name: "Eve", email: "eve@example.com", password: "correct horse" }),
  });
  assert.equal(eve.status, 200, "eve@example.com was not created by the untrusted page");
  await context.close();
});

test("without trusted origins, the trusted page's own calls are refused too (the default)", async () => {
  const plain = await startApi({ BETTER_AUTH_SECRET: randomBytes(32).toString("hex") });
  const { page, context } = await frontendPage(trusted);
  const answer = await page.evaluate(
    (base) => window.frontend.signUp(base, { name: "Ann", email: "ann@example.com", password: "correct horse" }),
    plain,
  );
  assert.ok(answer.blocked, JSON.stringify(answer));
  await context.close();
});
