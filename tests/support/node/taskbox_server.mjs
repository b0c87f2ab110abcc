// For the Node tests (tests/betterauth, tests/cors): the real binary on a free port and a
// fresh data dir, and the flags Chromium needs on this closed network. No dependencies,
// so each test folder's own node_modules is all it needs.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Headless Chromium without the background traffic a closed network refuses. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Starts `taskbox --port 0` on a fresh data dir (or on `dataDir`, which is then the
 * caller's to remove) with `env` on top of this process's; resolves with { url, stop }
 * once it prints where it listens. stop() ends its process group and removes the fresh
 * data dir.
 */
export function startTaskbox(binary, env = {}, { dataDir } = {}) {
  const data = dataDir ?? mkdtempSync(join(tmpdir(), "taskbox-node-test-"));
  const child = spawn(resolve(binary), ["--port", "0", "--data-dir", data], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const stop = () =>
    new Promise((done) => {
      const finish = () => {
        if (!dataDir) rmSync(data, { recursive: true, force: true });
        done();
      };
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      child.once("exit", finish);
      process.kill(-child.pid, "SIGTERM");
    });
  let output = "";
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL within 30 s:\n${output}`)), 30_000);
    const read = (chunk) => {
      output += chunk;
      const announced = /taskbox listening on (https?:\/\/\S+)/.exec(output);
      if (announced) {
        clearTimeout(timer);
        done({ url: announced[1].replace(/\/$/, ""), stop });
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => fail(new Error(`taskbox exited (${code}) before it listened:\n${output}`)));
  });
}
