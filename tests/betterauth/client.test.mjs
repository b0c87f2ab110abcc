// Better Auth's own client (better-auth/client, the exact version package.json pins), used
// unchanged the way a Node app would use it, against the real taskbox binary: sign-up,
// session, sign-out, sign-in and the errors Better Auth's server answers, with cookies and
// with the bearer plugin's flow. The cookie the server sets is compared with what
// better-call's own serializer makes of the same token.
//
//   node tests/betterauth/client.test.mjs --binary build-dev/taskbox

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { parseArgs } from "node:util";

import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { serializeSignedCookie } from "better-call";

import { cookieJar } from "../support/node/cookie_jar.mjs";
import { startTaskbox } from "../support/node/taskbox_server.mjs";

const { values: args } = parseArgs({ options: { binary: { type: "string" } } });
if (!args.binary) {
  console.error("usage: node client.test.mjs --binary PATH/TO/taskbox");
  process.exit(2);
}

const secret = randomBytes(32).toString("hex");
let server;
let baseURL;

const jar = cookieJar();
let client;
const ada = { name: "Ada Lovelace", email: `ada-${Date.now()}@example.com`, password: "correct horse battery" };

before(async () => {
  server = await startTaskbox(args.binary, { BETTER_AUTH_SECRET: secret, TASKBOX_JWT_SECRET: "" });
  baseURL = server.url;
  client = createAuthClient({ baseURL, fetchOptions: { customFetchImpl: jar.fetch } });
});

after(async () => {
  await server?.stop();
});

let signedUpToken;

test("sign up starts a session and sets better-call's signed cookie", async () => {
  const { data, error } = await client.signUp.email(ada);
  assert.equal(error, null);
  assert.equal(data.user.email, ada.email);
  assert.equal(data.user.name, ada.name);
  assert.equal(data.user.emailVerified, false);
  assert.match(data.token, /^[A-Za-z0-9]{32}$/);
  signedUpToken = data.token;
  const expected = await serializeSignedCookie("better-auth.session_token", data.token, secret, {
    maxAge: 604800,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
  });
  assert.deepEqual(jar.seen, [expected]);
});

test("get-session shows the user behind the cookie", async () => {
  const { data, error } = await client.getSession();
  assert.equal(error, null);
  assert.equal(data.user.email, ada.email);
  assert.equal(data.session.token, signedUpToken);
  assert.equal(data.session.userId, data.user.id);
  const lifetime = Date.parse(data.session.expiresAt) - Date.parse(data.session.createdAt);
  assert.equal(lifetime, 7 * 24 * 3600 * 1000);
});

test("the same cookie opens taskbox's task API", async () => {
  const created = await jar.fetch(`${baseURL}/api/me/tasks`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify({ title: "Write the analytical engine notes" }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  const listed = await jar.fetch(`${baseURL}/api/me/tasks`);
  assert.deepEqual((await listed.json()).map((task) => task.title), ["Write the analytical engine notes"]);
});

let signedOutCookie;

test("sign out ends the session: get-session is null, even with the old cookie", async () => {
  signedOutCookie = jar.cookies.get("better-auth.session_token");
  const { data, error } = await client.signOut();
  assert.equal(error, null);
  assert.equal(data.success, true);
  assert.equal(jar.cookies.has("better-auth.session_token"), false);
  assert.equal((await client.getSession()).data, null);
  const replayed = await fetch(`${baseURL}/api/auth/get-session`, {
    headers: { cookie: `better-auth.session_token=${signedOutCookie}` },
  });
  assert.equal(await replayed.text(), "null");
});

test("sign in starts a new session", async () => {
  const { data, error } = await client.signIn.email({ email: ada.email, password: ada.password });
  assert.equal(error, null);
  assert.equal(data.redirect, false);
  assert.equal(data.user.email, ada.email);
  assert.notEqual(data.token, signedUpToken);
  const session = await client.getSession();
  assert.equal(session.data.session.token, data.token);
});

/** Better Auth's own server, in this process (its memory adapter), with this test's secret. */
let ownServer;
async function betterAuthsOwnServer() {
  if (ownServer) return ownServer;
  const { betterAuth } = await import("better-auth");
  const { memoryAdapter } = await import("better-auth/adapters/memory");
  const own = betterAuth({
    baseURL: "http://localhost:3000",
    secret,
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    logger: { disabled: true },
  });
  const post = (path, json) =>
    own.handler(
      new Request(`http://localhost:3000/api/auth${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000" },
        body: JSON.stringify(json),
      }),
    );
  await post("/sign-up/email", { name: ada.name, email: ada.email, password: ada.password });
  ownServer = { post };
  return ownServer;
}

/** Better Auth's own server's answer to a sign-in with `body`. */
async function betterAuthsSignIn(body) {
  const answer = await (await betterAuthsOwnServer()).post("/sign-in/email", body);
  return {
    status: answer.status,
    location: answer.headers.get("location"),
    cookies: answer.headers.getSetCookie(),
    json: await answer.json(),
  };
}

test("rememberMe: false sets the cookies Better Auth's own server sets", async () => {
  const fresh = cookieJar();
  const other = createAuthClient({ baseURL, fetchOptions: { customFetchImpl: fresh.fetch } });
  const body = { email: ada.email, password: ada.password, rememberMe: false };
  const { data, error } = await other.signIn.email(body);
  assert.equal(error, null);
  const theirs = await betterAuthsSignIn(body);
  theirs.token = theirs.json.token;
  // The same secret signs the same "true"; the session tokens differ, so each is replaced.
  // NOTE: sorted: cpp-httplib keeps headers in a hash map, so the order of two Set-Cookie
  // lines on the wire is not the order they were set in (no browser minds).
  const general = (lines, token) =>
    lines
      .map((line) => line.replace(encodeURIComponent(token), "<token>").replace(/<token>\.[^;]+/, "<token>.<signature>"))
      .sort();
  assert.deepEqual(general(fresh.seen, data.token), general(theirs.cookies, theirs.token));
  assert.equal(fresh.seen.length, 2);
  assert.ok(!fresh.seen[0].includes("Max-Age"), fresh.seen[0]);
  // Read within the day: the session is not refreshed, and it ends a day after it began.
  const session = await other.getSession();
  const lifetime = new Date(session.data.session.expiresAt) - new Date(session.data.session.createdAt);
  assert.equal(lifetime, 24 * 3600 * 1000);
});

test("callbackURL is answered and checked as Better Auth's own server does it", async () => {
  for (const callbackURL of ["/dashboard?tab=1", "https://evil.example/welcome", "//evil.example"]) {
    const body = { email: ada.email, password: ada.password, callbackURL };
    const ours = await fetch(`${baseURL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const theirs = await betterAuthsSignIn(body);
    const json = await ours.json();
    assert.equal(ours.status, theirs.status, callbackURL);
    assert.equal(ours.headers.get("location"), theirs.location, callbackURL);
    if (theirs.status === 200) {
      assert.deepEqual(Object.keys(json), Object.keys(theirs.json));
      assert.equal(json.redirect, true);
      assert.equal(json.url, theirs.json.url);
    } else {
      assert.deepEqual(json, theirs.json, callbackURL);
    }
  }
});

/** Better Auth's client error: status and Better Auth's code and message. */
function assertError(error, status, code, message) {
  assert.ok(error, "expected an error");
  assert.equal(error.status, status);
  assert.equal(error.code, code);
  assert.equal(error.message, message);
}

test("a wrong password is 401 INVALID_EMAIL_OR_PASSWORD", async () => {
  const { data, error } = await client.signIn.email({ email: ada.email, password: "not the password" });
  assert.equal(data, null);
  assertError(error, 401, "INVALID_EMAIL_OR_PASSWORD", "Invalid email or password");
});

test("a second account for the email is 422 USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", async () => {
  const { error } = await client.signUp.email({ ...ada, email: ada.email.toUpperCase() });
  assertError(error, 422, "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL", "User already exists. Use another email.");
});

test("a short password is 400 PASSWORD_TOO_SHORT", async () => {
  const { error } = await client.signUp.email({ ...ada, email: `bob-${Date.now()}@example.com`, password: "short" });
  assertError(error, 400, "PASSWORD_TOO_SHORT", "Password too short");
});

test("a sign-in from another site is 403 INVALID_ORIGIN", async () => {
  const foreign = createAuthClient({
    baseURL,
    fetchOptions: { customFetchImpl: cookieJar().fetch, headers: { origin: "https://evil.example" } },
  });
  const { error } = await foreign.signIn.email({ email: ada.email, password: ada.password });
  assertError(error, 403, "INVALID_ORIGIN", "Invalid origin");
});

test("the bearer plugin's flow: set-auth-token in, Authorization: Bearer out", async () => {
  // As Better Auth's bearer documentation has it: keep the token the server sends, send
  // it back as a Bearer token; no cookies at all.
  let stored = "";
  const bearerClient = createAuthClient({
    baseURL,
    fetchOptions: {
      auth: { type: "Bearer", token: () => stored },
      onSuccess: (ctx) => {
        const token = ctx.response.headers.get("set-auth-token");
        if (token) stored = token;
      },
    },
  });
  const { data, error } = await bearerClient.signIn.email({ email: ada.email, password: ada.password });
  assert.equal(error, null);
  assert.equal(stored.split(".")[0], data.token);
  const session = await bearerClient.getSession();
  assert.equal(session.data.session.token, data.token);
  const tasks = await fetch(`${baseURL}/api/me/tasks`, { headers: { authorization: `Bearer ${stored}` } });
  assert.equal(tasks.status, 200);
  assert.equal((await bearerClient.signOut()).data.success, true);
  assert.equal((await bearerClient.getSession()).data, null);
});

test("the JWT plugin's token verifies against /api/auth/jwks with jose, as another service would", async () => {
  const jwtAuthClient = createAuthClient({ baseURL, plugins: [jwtClient()], fetchOptions: { customFetchImpl: jar.fetch } });
  const signedIn = await jwtAuthClient.signIn.email({ email: ada.email, password: ada.password });
  assert.equal(signedIn.error, null);
  const { data, error } = await jwtAuthClient.token();
  assert.equal(error, null);
  const header = decodeProtectedHeader(data.token);
  assert.equal(header.alg, "EdDSA");
  const jwks = createRemoteJWKSet(new URL(`${baseURL}/api/auth/jwks`));
  const { payload } = await jwtVerify(data.token, jwks, { issuer: baseURL, audience: baseURL });
  assert.equal(payload.sub, signedIn.data.user.id);
  assert.equal(payload.id, signedIn.data.user.id);
  assert.equal(payload.email, ada.email);
  assert.equal(payload.exp - payload.iat, 15 * 60);
  // get-session hands out the same kind of token in set-auth-jwt.
  let fromHeader = "";
  await jwtAuthClient.getSession({ fetchOptions: { onSuccess: (ctx) => { fromHeader = ctx.response.headers.get("set-auth-jwt"); } } });
  assert.equal((await jwtVerify(fromHeader, jwks, { issuer: baseURL, audience: baseURL })).payload.sub, payload.sub);
  // And taskbox's task API takes it as a Bearer token.
  const tasks = await fetch(`${baseURL}/api/me/tasks`, { headers: { authorization: `Bearer ${data.token}` } });
  assert.equal(tasks.status, 200);
  await assert.rejects(jwtVerify(data.token, jwks, { issuer: baseURL, audience: "http://another.example" }));
});
