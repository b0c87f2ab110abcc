import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  checkDescription,
  checkEmail,
  checkName,
  checkPassword,
  checkTitle,
  codePoints,
  hasErrors,
  safeNextPath,
  validateSignIn,
  validateSignUp,
  validateTask,
} from "../lib/validation";

describe("codePoints", () => {
  it("counts code points, not UTF-16 units", () => {
    assert.equal(codePoints(""), 0);
    assert.equal(codePoints("abc"), 3);
    assert.equal(codePoints("😀"), 1);
    assert.equal("😀".length, 2);
    assert.equal(codePoints("e\u0301"), 2); // a combining mark is its own code point
  });
});

describe("checkEmail", () => {
  const ok = ["a@b.co", "  ada@example.com  ", "first.last+tag@sub.example.org", "ü@bücher.de"];
  for (const email of ok) {
    it(`accepts ${JSON.stringify(email)}`, () => assert.equal(checkEmail(email), undefined));
  }
  const bad = ["", "   ", "plain", "a@b", "@b.co", "a@.co@x.y", "a b@c.de", "a@b.", "a@@b.co"];
  for (const email of bad) {
    it(`rejects ${JSON.stringify(email)}`, () => assert.equal(typeof checkEmail(email), "string"));
  }
  it("rejects addresses longer than 254 characters", () => {
    assert.equal(typeof checkEmail(`${"a".repeat(250)}@b.co`), "string");
  });
});

describe("checkPassword", () => {
  const cases: Array<[string, string, boolean]> = [
    ["empty", "", false],
    ["7 characters", "abcdefg", false],
    ["8 characters", "abcdefgh", true],
    ["128 characters", "x".repeat(128), true],
    ["129 characters", "x".repeat(129), false],
    ["4 emoji are 4 characters though 8 UTF-16 units", "😀".repeat(4), false],
    ["8 emoji", "😀".repeat(8), true],
    ["128 emoji", "😀".repeat(128), true],
    ["129 emoji", "😀".repeat(129), false],
    ["spaces count and are kept", "        ", true],
  ];
  for (const [name, password, valid] of cases) {
    it(name, () => assert.equal(checkPassword(password) === undefined, valid));
  }
});

describe("checkName", () => {
  it("is optional", () => assert.equal(checkName(""), undefined));
  it("allows 100 characters", () => assert.equal(checkName("n".repeat(100)), undefined));
  it("rejects 101 characters", () => assert.equal(typeof checkName("n".repeat(101)), "string"));
  it("measures after trimming", () => assert.equal(checkName(`  ${"n".repeat(100)}  `), undefined));
  it("counts code points", () => assert.equal(checkName("😀".repeat(100)), undefined));
});

describe("checkTitle", () => {
  it("requires something besides spaces", () => {
    assert.equal(typeof checkTitle(""), "string");
    assert.equal(typeof checkTitle(" \t\n "), "string");
  });
  it("allows 1 to 200 characters after trimming", () => {
    assert.equal(checkTitle("x"), undefined);
    assert.equal(checkTitle(`  ${"x".repeat(200)}  `), undefined);
    assert.equal(checkTitle("😀".repeat(200)), undefined);
    assert.equal(typeof checkTitle("x".repeat(201)), "string");
  });
});

describe("checkDescription", () => {
  it("allows empty and up to 2000 characters", () => {
    assert.equal(checkDescription(""), undefined);
    assert.equal(checkDescription("é".repeat(2000)), undefined);
    assert.equal(typeof checkDescription("d".repeat(2001)), "string");
  });
});

describe("form validators", () => {
  it("sign-up reports each bad field", () => {
    const errors = validateSignUp({ email: "nope", password: "short", name: "n".repeat(101) });
    assert.deepEqual(Object.keys(errors).sort(), ["email", "name", "password"]);
    assert.equal(hasErrors(validateSignUp({ email: "a@b.co", password: "long enough", name: "" })), false);
  });
  it("sign-in only needs an email and some password", () => {
    assert.equal(hasErrors(validateSignIn({ email: "a@b.co", password: "x" })), false);
    assert.deepEqual(Object.keys(validateSignIn({ email: "", password: "" })).sort(), ["email", "password"]);
  });
  it("task needs a title", () => {
    assert.deepEqual(Object.keys(validateTask({ title: " ", description: "" })), ["title"]);
  });
});

describe("safeNextPath", () => {
  const cases: Array<[string | null, string]> = [
    [null, "/dashboard"],
    ["", "/dashboard"],
    ["/dashboard", "/dashboard"],
    ["/dashboard?filter=pending", "/dashboard?filter=pending"],
    ["/", "/"],
    ["dashboard", "/dashboard"],
    ["https://evil.example/", "/dashboard"],
    ["//evil.example", "/dashboard"],
    ["/\\evil.example", "/dashboard"],
    ["/\t/evil.example", "/dashboard"],
    ["javascript:alert(1)", "/dashboard"],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => assert.equal(safeNextPath(input), expected));
  }
  it("uses the given fallback", () => assert.equal(safeNextPath("//x", "/"), "/"));
});
