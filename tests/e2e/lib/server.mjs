// The server under test and everything the journey must release at the end, whatever
// happens: the server's process group, its temporary data directory, the browser.

import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const cleanups = [];
let cleaningUp = null;

/** Registers a release to run at the end (last registered, first run). */
export function onCleanup(fn) {
  cleanups.push(fn);
}

export function cleanup() {
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
export async function startServer(opts) {
  const data = mkdtempSync(join(tmpdir(), "taskbox-e2e-data-"));
  onCleanup(() => rmSync(data, { recursive: true, force: true }));
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
  onCleanup(async () => {
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

/** The contract's policy for an HTML page: its inline scripts allowed by hash. */
export function policyFor(html) {
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
