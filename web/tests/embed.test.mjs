// Checks scripts/embed.mjs: escaping, metadata, reproducibility, and that the C++ it
// writes compiles warning-free with g++ and gives back every byte (skipped without g++).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { cppLiteralLines, etagFor, generate, gzipIfSmaller } from "../scripts/embed.mjs";

const webDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const script = join(webDir, "scripts", "embed.mjs");

// The interface the generated file implements; the copy in web/ wins when present.
const HEADER = `#pragma once
#include <cstddef>
#include <string_view>
namespace taskbox::web {
struct EmbeddedFile {
  std::string_view path;
  std::string_view etag;
  std::string_view body;
  std::string_view gzip_body;
};
const EmbeddedFile* embedded_files(std::size_t& count);
}  // namespace taskbox::web
`;

const hasGxx = spawnSync("g++", ["--version"]).status === 0;

let work;
let exportDir;
const fixtures = new Map();

function put(path, bytes) {
  const full = join(exportDir, ...path.slice(1).split("/"));
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes);
  fixtures.set(path, Buffer.from(bytes));
}

before(() => {
  work = mkdtempSync(join(tmpdir(), "taskbox-embed-"));
  exportDir = join(work, "out");
  put("/index.html", Buffer.from('<!doctype html>\n<p title="a\\b">What??=now??/ "quoted"\ttab</p>\n'));
  // Octal and hex escape hazards: NUL then digits, control byte then hex letters.
  put("/bin/tricky.bin", Buffer.from([0, 0x31, 0x32, 0x33, 1, 0x61, 0x62, 0x66, 0x7f, 0x80, 0xff, 0x3f, 0x3f, 0x28, 0]));
  put("/empty.txt", Buffer.alloc(0));
  put("/_next/static/chunks/big.js", Buffer.from("console.log('taskbox');\n".repeat(12000)));
  put("/random.png", randomBytes(4096));
  put("/a b/ünï.css", Buffer.from("body{content:\"é — 😀\"}"));
  put("/_next/static/media/font.woff2", randomBytes(64));
  put("/site.webmanifest", Buffer.from("{}"));
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("embed.mjs helpers", () => {
  it("escapes quotes, backslashes, question marks and non-printables", () => {
    const lines = cppLiteralLines(Buffer.from([0x22, 0x5c, 0x3f, 0x00, 0x37, 0x0a, 0x41, 0xe9]), "");
    assert.deepEqual(lines, ['"\\"\\\\\\?\\0007\\n"', '"A\\351"']);
  });

  it("keeps lines short", () => {
    for (const line of cppLiteralLines(randomBytes(5000))) assert.ok(line.length <= 4 + 2 + 100 + 3);
  });

  it("makes strong ETags from the first 32 hex digits of SHA-256", () => {
    // sha256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
    assert.equal(etagFor(Buffer.alloc(0)), '"e3b0c44298fc1c149afbf4c8996fb924"');
  });

  it("keeps gzip only when it is smaller", () => {
    assert.equal(gzipIfSmaller(randomBytes(2048)), null);
    assert.equal(gzipIfSmaller(Buffer.alloc(0)), null);
    const text = Buffer.from("a".repeat(1000));
    assert.deepEqual(gunzipSync(gzipIfSmaller(text)), text);
  });

  it("is deterministic", () => {
    assert.equal(generate(exportDir), generate(exportDir));
  });
});

describe("embed.mjs command", () => {
  it("writes the source once and leaves it alone when nothing changed", () => {
    const output = join(work, "gen", "ui_assets.cpp");
    const first = spawnSync(process.execPath, [script, "--out-dir", exportDir, "--output", output], { encoding: "utf8" });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /written/);
    const mtime = statSync(output).mtimeMs;
    const second = spawnSync(process.execPath, [script, "--out-dir", exportDir, "--output", output], { encoding: "utf8" });
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /unchanged/);
    assert.equal(statSync(output).mtimeMs, mtime);
  });

  it("fails clearly without an export or with a bad flag", () => {
    const missing = spawnSync(process.execPath, [script, "--out-dir", join(work, "nope"), "--output", join(work, "x.cpp")], {
      encoding: "utf8",
    });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot read the export directory/);
    const bad = spawnSync(process.execPath, [script, "--bogus"], { encoding: "utf8" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option/);
  });
});

const DUMP_MAIN = `#include "embedded_ui.h"
#include <cstdio>
#include <string>
// Writes each embedded file's body and gzip copy to DIR/<index>.body|.gz and lists the metadata.
int main(int argc, char** argv) {
  if (argc != 2) return 2;
  std::size_t count = 99;
  const taskbox::web::EmbeddedFile* files = taskbox::web::embedded_files(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& f = files[i];
    std::printf("%.*s\\t%.*s\\n", static_cast<int>(f.path.size()), f.path.data(),
                static_cast<int>(f.etag.size()), f.etag.data());
    const std::string base = std::string(argv[1]) + "/" + std::to_string(i);
    for (const auto& [suffix, bytes] : {std::pair{".body", f.body}, std::pair{".gz", f.gzip_body}}) {
      std::FILE* out = std::fopen((base + suffix).c_str(), "wb");
      if (out == nullptr) return 1;
      if (!bytes.empty() && std::fwrite(bytes.data(), 1, bytes.size(), out) != bytes.size()) return 1;
      std::fclose(out);
    }
  }
  return 0;
}
`;

function compile(dir, source) {
  const headerDir = existsSync(join(webDir, "embedded_ui.h")) ? webDir : dir;
  if (headerDir === dir) writeFileSync(join(dir, "embedded_ui.h"), HEADER);
  writeFileSync(join(dir, "main.cpp"), DUMP_MAIN);
  writeFileSync(join(dir, "ui_assets.cpp"), source);
  const result = spawnSync(
    "g++",
    ["-std=c++20", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-O0", `-I${headerDir}`, "main.cpp", "ui_assets.cpp", "-o", "dump"],
    { cwd: dir, encoding: "utf8" },
  );
  assert.equal(result.status, 0, `g++ failed:\n${result.stderr}`);
  assert.equal(result.stderr, "", "g++ printed warnings");
}

describe("generated C++", { skip: hasGxx ? false : "g++ not found" }, () => {
  it("compiles without warnings and gives back every file byte for byte", () => {
    const dir = join(work, "cxx");
    mkdirSync(join(dir, "dump-out"), { recursive: true });
    compile(dir, generate(exportDir));
    const run = spawnSync(join(dir, "dump"), [join(dir, "dump-out")], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const rows = run.stdout.trimEnd().split("\n").map((line) => line.split("\t"));
    assert.deepEqual(
      rows.map((r) => r[0]),
      [...fixtures.keys()].sort((a, b) => (a < b ? -1 : 1)),
    );
    rows.forEach(([path, etag], index) => {
      const expected = fixtures.get(path);
      const body = readFileSync(join(dir, "dump-out", `${index}.body`));
      const gz = readFileSync(join(dir, "dump-out", `${index}.gz`));
      assert.deepEqual(body, expected, `${path}: body differs`);
      assert.equal(etag, etagFor(expected));
      if (gz.length > 0) {
        assert.ok(gz.length < expected.length, `${path}: gzip not smaller`);
        assert.deepEqual(gunzipSync(gz), expected, `${path}: gzip differs`);
      }
    });
    assert.ok(readFileSync(join(dir, "dump-out", `${rows.findIndex((r) => r[0].endsWith("big.js"))}.gz`)).length > 0);
  });

  it("compiles for an empty export too", () => {
    const empty = join(work, "empty-out");
    mkdirSync(empty, { recursive: true });
    const dir = join(work, "cxx-empty");
    mkdirSync(join(dir, "dump-out"), { recursive: true });
    compile(dir, generate(empty));
    const run = spawnSync(join(dir, "dump"), [join(dir, "dump-out")], { encoding: "utf8" });
    assert.equal(run.status, 0);
    assert.equal(run.stdout, "");
  });

  it("compiles for the real export when web/out exists", { skip: !existsSync(join(webDir, "out", "index.html")) }, () => {
    const dir = join(work, "cxx-real");
    mkdirSync(join(dir, "dump-out"), { recursive: true });
    compile(dir, generate(join(webDir, "out")));
    const run = spawnSync(join(dir, "dump"), [join(dir, "dump-out")], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const paths = run.stdout.trimEnd().split("\n").map((line) => line.split("\t")[0]);
    for (const page of ["/index.html", "/signin.html", "/signup.html", "/dashboard.html", "/404.html"]) {
      assert.ok(paths.includes(page), `${page} missing from the export`);
    }
    assert.ok(paths.some((p) => p.startsWith("/_next/static/")));
  });
});
