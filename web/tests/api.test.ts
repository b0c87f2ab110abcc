import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  ApiError,
  apiRequest,
  createTask,
  currentUser,
  deleteTask,
  listTasks,
  login,
  parseRetryAfter,
  register,
  setCompleted,
  tooManyAttemptsMessage,
  updateTask,
} from "../lib/api";

type Call = { url: string; init: RequestInit };

let calls: Call[] = [];
let assigned: string[] = [];
let replies: Array<Response | Error> = [];

function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  if (body === undefined) return new Response(null, { status, headers });
  const problem = status >= 400 && typeof body === "object";
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": problem ? "application/problem+json" : "application/json",
      ...headers,
    },
  });
}

function problem(status: number, code: string, detail: string, extra: object = {}) {
  return { type: "about:blank", title: "x", status, code, detail, ...extra };
}

const user = { id: "4f1c", email: "ada@example.com", name: "Ada", created_at: "2026-01-01T00:00:00.000Z" };
const task = {
  id: 7,
  user_id: "4f1c",
  title: "Buy milk",
  description: "",
  completed: false,
  created_at: "2026-01-01T00:00:00.000Z",
  updated_at: "2026-01-01T00:00:00.000Z",
};

beforeEach(() => {
  calls = [];
  assigned = [];
  replies = [];
  (globalThis as Record<string, unknown>).window = {
    location: {
      pathname: "/dashboard",
      search: "?filter=pending",
      assign: (url: string) => assigned.push(url),
    },
  };
  globalThis.fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = replies.shift();
    if (!next) throw new Error("no reply queued");
    if (next instanceof Error) throw next;
    return next;
  }) as typeof fetch;
});

afterEach(() => {
  delete (globalThis as Record<string, unknown>).window;
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected ApiError, got ${error}`);
    return error;
  }
  assert.fail("expected the request to fail");
}

describe("apiRequest", () => {
  it("sends JSON with the session cookie and no token", async () => {
    replies.push(reply(201, task));
    await apiRequest("/api/me/tasks", { method: "POST", body: { title: "x" } });
    const { url, init } = calls[0];
    assert.equal(url, "/api/me/tasks");
    assert.equal(init.method, "POST");
    assert.equal(init.credentials, "same-origin");
    assert.equal(init.body, '{"title":"x"}');
    const headers = init.headers as Record<string, string>;
    assert.equal(headers["Content-Type"], "application/json");
    assert.equal(headers.Authorization, undefined);
  });

  it("turns problem+json into an ApiError with field errors", async () => {
    replies.push(
      reply(
        422,
        problem(422, "validation_failed", "Request validation failed", {
          errors: [{ field: "title", message: "must be 1 to 200 characters" }, { field: 3, message: null }],
        }),
      ),
    );
    const error = await rejection(apiRequest("/api/me/tasks", { method: "POST", body: {} }));
    assert.equal(error.status, 422);
    assert.equal(error.code, "validation_failed");
    assert.equal(error.detail, "Request validation failed");
    assert.deepEqual(error.errors, [{ field: "title", message: "must be 1 to 200 characters" }]);
    assert.equal(error.fieldError("title"), "must be 1 to 200 characters");
    assert.equal(error.fieldError("description"), undefined);
    assert.equal(error.retryAfter, null);
  });

  it("matches dotted field paths like body.email", async () => {
    replies.push(reply(422, problem(422, "validation_failed", "x", { errors: [{ field: "body.email", message: "bad" }] })));
    const error = await rejection(apiRequest("/api/auth/register", { method: "POST", body: {}, redirectOn401: false }));
    assert.equal(error.fieldError("email"), "bad");
  });

  it("reads Retry-After on 429", async () => {
    replies.push(reply(429, problem(429, "too_many_attempts", "Too many"), { "Retry-After": "600" }));
    const error = await rejection(login({ email: "a@b.co", password: "whatever1" }));
    assert.equal(error.status, 429);
    assert.equal(error.retryAfter, 600);
    assert.equal(assigned.length, 0);
  });

  it("sends the browser to sign-in on 401 and remembers where it was", async () => {
    replies.push(reply(401, problem(401, "token_expired", "Token expired")));
    const error = await rejection(listTasks());
    assert.equal(error.code, "token_expired");
    assert.equal(error.redirecting, true);
    assert.deepEqual(assigned, ["/signin?next=%2Fdashboard%3Ffilter%3Dpending"]);
  });

  it("does not redirect when 401 is an answer, as for a wrong password", async () => {
    replies.push(reply(401, problem(401, "invalid_credentials", "Invalid email or password")));
    const error = await rejection(login({ email: "a@b.co", password: "wrong-password" }));
    assert.equal(error.code, "invalid_credentials");
    assert.equal(error.redirecting, false);
    assert.deepEqual(assigned, []);
  });

  it("does not redirect from the sign-in page itself", async () => {
    (globalThis as { window: { location: { pathname: string } } }).window.location.pathname = "/signin";
    replies.push(reply(401, problem(401, "missing_token", "Authentication required")));
    await rejection(apiRequest("/api/me/tasks"));
    assert.deepEqual(assigned, []);
  });

  it("reports a network failure as status 0", async () => {
    replies.push(new TypeError("Failed to fetch"));
    const error = await rejection(apiRequest("/api/me/tasks"));
    assert.equal(error.status, 0);
    assert.equal(error.code, "network_error");
    assert.match(error.detail, /reach the server/);
  });

  it("copes with an error that is not problem+json", async () => {
    replies.push(new Response("<html>Bad Gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } }));
    const error = await rejection(apiRequest("/api/me/tasks"));
    assert.equal(error.status, 502);
    assert.equal(error.code, "http_502");
    assert.match(error.detail, /server/);
  });
});

describe("account calls", () => {
  it("login keeps the user and drops the token", async () => {
    replies.push(reply(200, { user, token: "secret.jwt.value", token_type: "Bearer", expires_in: 3600 }));
    const result = await login({ email: "  Ada@Example.com ", password: "pw-12345678" });
    assert.deepEqual(result, user);
    assert.equal(JSON.stringify(result).includes("secret"), false);
    assert.deepEqual(JSON.parse(calls[0].init.body as string), { email: "Ada@Example.com", password: "pw-12345678" });
  });

  it("register leaves out an empty name", async () => {
    replies.push(reply(201, { user, token: "t", token_type: "Bearer", expires_in: 3600 }));
    await register({ email: "a@b.co", password: "pw-12345678", name: "   " });
    assert.deepEqual(JSON.parse(calls[0].init.body as string), { email: "a@b.co", password: "pw-12345678" });
  });

  it("register reports email_taken", async () => {
    replies.push(reply(409, problem(409, "email_taken", "An account with this email already exists")));
    const error = await rejection(register({ email: "a@b.co", password: "pw-12345678" }));
    assert.equal(error.code, "email_taken");
    assert.deepEqual(assigned, []);
  });

  it("currentUser is null without a session", async () => {
    replies.push(reply(401, problem(401, "missing_token", "Authentication required")));
    assert.equal(await currentUser(), null);
    assert.deepEqual(assigned, []);
    replies.push(reply(200, { user }));
    assert.deepEqual(await currentUser(), user);
  });
});

describe("task calls", () => {
  it("lists up to 1000 tasks with the total from X-Total-Count", async () => {
    replies.push(reply(200, [task], { "X-Total-Count": "1234" }));
    const { tasks, total } = await listTasks();
    assert.equal(calls[0].url, "/api/me/tasks?limit=1000");
    assert.equal(tasks.length, 1);
    assert.equal(total, 1234);
  });

  it("falls back to the list length without X-Total-Count", async () => {
    replies.push(reply(200, [task, { ...task, id: 8 }]));
    assert.equal((await listTasks()).total, 2);
  });

  it("creates, edits, completes and deletes with the documented requests", async () => {
    replies.push(reply(201, task), reply(200, task), reply(200, task), reply(204));
    await createTask({ title: "  Buy milk  ", description: "" });
    await updateTask(7, { title: " New ", description: "d" });
    await setCompleted(7, true);
    assert.equal(await deleteTask(7), undefined);
    assert.deepEqual(
      calls.map((c) => [c.init.method, c.url, c.init.body]),
      [
        ["POST", "/api/me/tasks", '{"title":"Buy milk"}'],
        ["PATCH", "/api/me/tasks/7", '{"title":"New","description":"d"}'],
        ["PATCH", "/api/me/tasks/7/complete", '{"completed":true}'],
        ["DELETE", "/api/me/tasks/7", undefined],
      ],
    );
  });

  it("a keepalive delete never redirects", async () => {
    replies.push(reply(401, problem(401, "token_expired", "Token expired")));
    await rejection(deleteTask(7, { keepalive: true }));
    assert.equal(calls[0].init.keepalive, true);
    assert.deepEqual(assigned, []);
  });
});

describe("Retry-After", () => {
  it("parses seconds and HTTP dates", () => {
    assert.equal(parseRetryAfter(null), null);
    assert.equal(parseRetryAfter("120"), 120);
    assert.equal(parseRetryAfter("soon"), null);
    const now = Date.parse("2026-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:02:00 GMT", now), 120);
    assert.equal(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now), 0);
  });

  it("words the wait in whole minutes", () => {
    assert.equal(tooManyAttemptsMessage(600), "Too many attempts, try again in 10 minutes.");
    assert.equal(tooManyAttemptsMessage(61), "Too many attempts, try again in 2 minutes.");
    assert.equal(tooManyAttemptsMessage(30), "Too many attempts, try again in 1 minute.");
    assert.equal(tooManyAttemptsMessage(null), "Too many attempts, try again later.");
  });
});
