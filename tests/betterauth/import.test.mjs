// `taskbox import better-auth` end to end: a real Better Auth server (better-auth with its
// `pg` pool, the exact version package.json pins) on a throwaway PostgreSQL database
// creates users, sessions and a JWT signing key (made 90 days old, as a Better Auth key
// that never rotates usually is); taskbox imports that database; then the old passwords,
// the old session cookie and a token signed before the import all work against taskbox,
// and new tokens come from a new key while the old one is still published.
//
//   TASKBOX_TEST_POSTGRES_URL=postgresql:///postgres?host=DIR&user=postgres \
//     node tests/betterauth/import.test.mjs --binary build-dev/taskbox

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { parseArgs } from "node:util";

import { betterAuth } from "better-auth";
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { getMigrations } from "better-auth/db/migration";
import { toNodeHandler } from "better-auth/node";
import { bearer, jwt } from "better-auth/plugins";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import pg from "pg";

import { cookieJar } from "../support/node/cookie_jar.mjs";
import { startTaskbox } from "../support/node/taskbox_server.mjs";

const { values: args } = parseArgs({ options: { binary: { type: "string" } } });
if (!args.binary) {
  console.error("usage: node import.test.mjs --binary PATH/TO/taskbox");
  process.exit(2);
}
const clusterUrl = process.env.TASKBOX_TEST_POSTGRES_URL;
if (!clusterUrl) {
  console.log("better_auth_import skipped: no PostgreSQL cluster (TASKBOX_TEST_POSTGRES_URL is unset)");
  process.exit(0);
}

// The cluster's URL is postgresql:///postgres?host=SOCKET_DIR&user=postgres.
const cluster = new URL(clusterUrl);
const socketDir = cluster.searchParams.get("host");
const superuser = cluster.searchParams.get("user") ?? "postgres";
const databaseName = `better_auth_import_${process.pid}_${Date.now()}`;
const databaseUrl = `postgresql:///${databaseName}?host=${encodeURIComponent(socketDir)}&user=${superuser}`;

const secret = randomBytes(32).toString("hex");
const ada = { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery" };
// NOTE: fullwidth letters and circled digits: NFKC turns them into others, as Better Auth
// does before it hashes.
const bob = { name: "Bob", email: "bob@example.com", password: "Pässwörd ＡＢＣ ①②③" };

let betterAuthServer;
let betterAuthURL;
let pool;
const adaJar = cookieJar();
let adaId;
let bobId;
let tokenBeforeImport;
let kidBeforeImport;
let dataDir;
let taskbox;

function admin(sql) {
  const client = new pg.Client({ host: socketDir, user: superuser, database: "postgres" });
  return client.connect().then(() => client.query(sql).finally(() => client.end()));
}

function runTaskbox(commandArgs, env) {
  const result = spawnSync(resolve(args.binary), commandArgs, {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  await admin(`CREATE DATABASE ${databaseName}`);
  pool = new pg.Pool({ host: socketDir, user: superuser, database: databaseName });

  // A Better Auth server as an app runs it: email and password, the bearer and JWT plugins.
  const http = createServer();
  await new Promise((done) => http.listen(0, "127.0.0.1", done));
  betterAuthURL = `http://127.0.0.1:${http.address().port}`;
  const auth = betterAuth({
    baseURL: betterAuthURL,
    secret,
    database: pool,
    emailAndPassword: { enabled: true },
    plugins: [bearer(), jwt()],
    logger: { disabled: true },
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  http.on("request", toNodeHandler(auth));
  betterAuthServer = http;

  const client = createAuthClient({
    baseURL: betterAuthURL,
    plugins: [jwtClient()],
    // NOTE: Better Auth refuses a cookie-less POST without an Origin, as a browser sends.
    fetchOptions: { customFetchImpl: adaJar.fetch, headers: { origin: betterAuthURL } },
  });
  const signedUp = await client.signUp.email(ada);
  assert.equal(signedUp.error, null);
  adaId = signedUp.data.user.id;
  const token = await client.token();
  assert.equal(token.error, null);
  tokenBeforeImport = token.data.token;
  kidBeforeImport = decodeProtectedHeader(tokenBeforeImport).kid;

  const bobClient = createAuthClient({
    baseURL: betterAuthURL,
    fetchOptions: { customFetchImpl: cookieJar().fetch, headers: { origin: betterAuthURL } },
  });
  const bobSignedUp = await bobClient.signUp.email(bob);
  assert.equal(bobSignedUp.error, null);
  bobId = bobSignedUp.data.user.id;
  // The key is old, as a Better Auth key that never rotates usually is: taskbox retires it
  // at its first signing, and it keeps verifying for the grace period.
  await pool.query(`UPDATE "jwks" SET "createdAt" = now() - interval '90 days'`);
  // Bob's session has expired: it stays behind.
  await pool.query(`UPDATE "session" SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = $1`, [bobId]);
  // Grace only ever signed in with GitHub: a user with no password.
  await pool.query(
    `INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", "updatedAt")
     VALUES ('graceSocialOnly0000000000000000', 'Grace', 'grace@example.com', true, now(), now())`,
  );
  await pool.query(
    `INSERT INTO "account" (id, "accountId", "providerId", "userId", "createdAt", "updatedAt")
     VALUES ('graceGithubAccount00000000000000', '12345', 'github', 'graceSocialOnly0000000000000000', now(), now())`,
  );
  await new Promise((done) => betterAuthServer.close(done));
  betterAuthServer = undefined;

  dataDir = mkdtempSync(join(tmpdir(), "taskbox-import-test-"));
});

after(async () => {
  await taskbox?.stop();
  if (betterAuthServer) await new Promise((done) => betterAuthServer.close(done));
  await pool?.end();
  await admin(`DROP DATABASE IF EXISTS ${databaseName}`).catch(() => {});
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test("another secret is refused with one line and imports nothing", () => {
  const refused = runTaskbox(["import", "better-auth", "--from", databaseUrl, "--data-dir", dataDir], {
    BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
  });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /^taskbox: error: .*does not decrypt with this BETTER_AUTH_SECRET.*nothing was imported\n$/);
  const listed = runTaskbox(["users", "list", "--json", "--data-dir", dataDir], {});
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(JSON.parse(listed.stdout), []);
});

test("the import brings the users, the live session and the key", () => {
  const imported = runTaskbox(["import", "better-auth", "--from", databaseUrl, "--data-dir", dataDir], {
    BETTER_AUTH_SECRET: secret,
  });
  assert.equal(imported.code, 0, imported.stderr);
  assert.equal(imported.stderr, "");
  assert.match(imported.stdout, /users {11}3 \(1 without a password/);
  assert.match(imported.stdout, /sessions {8}1\n/);
  assert.match(imported.stdout, /signing keys {4}1\n/);
  assert.ok(!imported.stdout.includes(databaseName), "the URL is not printed");

  const listed = JSON.parse(runTaskbox(["users", "list", "--json", "--data-dir", dataDir], {}).stdout);
  assert.deepEqual(listed.map((user) => [user.email, user.id]).sort(), [
    ["ada@example.com", adaId],
    ["bob@example.com", bobId],
    ["grace@example.com", "graceSocialOnly0000000000000000"],
  ]);

  const again = runTaskbox(["import", "better-auth", "--from", databaseUrl, "--data-dir", dataDir], {
    BETTER_AUTH_SECRET: secret,
  });
  assert.equal(again.code, 1);
  assert.match(again.stderr, /already holds 3 users and 0 tasks.*nothing was imported/);
});

test("taskbox then serves what Better Auth served", async (t) => {
  // The same secret and base URL as the Better Auth server: the URL is the tokens' issuer.
  taskbox = await startTaskbox(
    args.binary,
    { BETTER_AUTH_SECRET: secret, TASKBOX_JWT_SECRET: "", BETTER_AUTH_URL: betterAuthURL },
    { dataDir },
  );

  await t.test("the session cookie set by Better Auth is still signed in", async () => {
    const client = createAuthClient({ baseURL: taskbox.url, fetchOptions: { customFetchImpl: adaJar.fetch } });
    const { data, error } = await client.getSession();
    assert.equal(error, null);
    assert.equal(data.user.id, adaId);
    assert.equal(data.user.email, ada.email);
  });

  await t.test("a token Better Auth signed opens the task API and verifies with taskbox's JWKS", async () => {
    const created = await fetch(`${taskbox.url}/api/me/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokenBeforeImport}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "made with a token from before the import" }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    assert.equal((await created.json()).user_id, adaId);
    const keys = createRemoteJWKSet(new URL(`${taskbox.url}/api/auth/jwks`));
    const { payload } = await jwtVerify(tokenBeforeImport, keys, { issuer: betterAuthURL, audience: betterAuthURL });
    assert.equal(payload.sub, adaId);
  });

  await t.test("new tokens come from a new key; the old one stays published beside it", async () => {
    const client = createAuthClient({
      baseURL: taskbox.url,
      plugins: [jwtClient()],
      fetchOptions: { customFetchImpl: adaJar.fetch },
    });
    const { data, error } = await client.token();
    assert.equal(error, null);
    const newKid = decodeProtectedHeader(data.token).kid;
    assert.notEqual(newKid, kidBeforeImport);
    const published = await (await fetch(`${taskbox.url}/api/auth/jwks`)).json();
    assert.deepEqual(published.keys.map((key) => key.kid).sort(), [kidBeforeImport, newKid].sort());
    const keys = createRemoteJWKSet(new URL(`${taskbox.url}/api/auth/jwks`));
    for (const token of [tokenBeforeImport, data.token]) {
      const { payload } = await jwtVerify(token, keys, { issuer: betterAuthURL, audience: betterAuthURL });
      assert.equal(payload.sub, adaId);
    }
  });

  await t.test("the old passwords sign in; a wrong one and a social-only user do not", async () => {
    const client = createAuthClient({ baseURL: taskbox.url, fetchOptions: { customFetchImpl: cookieJar().fetch } });
    for (const user of [ada, bob]) {
      const { data, error } = await client.signIn.email({ email: user.email, password: user.password });
      assert.equal(error, null, `${user.email}: ${JSON.stringify(error)}`);
      assert.equal(data.user.email, user.email);
    }
    // Bob's hash is Argon2id now: his password still works, checked the new way.
    const second = await client.signIn.email({ email: bob.email, password: bob.password });
    assert.equal(second.error, null);
    const wrong = await client.signIn.email({ email: bob.email, password: "not the password of bob" });
    assert.equal(wrong.error?.status, 401);
    assert.equal(wrong.error?.code, "INVALID_EMAIL_OR_PASSWORD");
    const grace = await client.signIn.email({ email: "grace@example.com", password: "anything at all" });
    assert.equal(grace.error?.status, 401);
  });
});
