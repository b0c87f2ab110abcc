// The one place the UI talks to the taskbox API.
//
// The session lives only in the httpOnly `taskbox_session` cookie that the server
// sets; requests carry it with `credentials: "same-origin"`. The `token` field of
// the login/register answers is deliberately dropped here: nothing in the UI reads,
// stores or sends a token.

export interface User {
  id: string;
  email: string;
  name: string;
  created_at: string;
}

export interface Task {
  id: number;
  user_id: string;
  title: string;
  description: string;
  completed: boolean;
  created_at: string;
  updated_at: string;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A failed request: the server's problem+json, or a stand-in when there was none. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** Seconds to wait before retrying (from `Retry-After`), when the server said. */
  readonly retryAfter: number | null;
  /** True when the UI is already on its way to the sign-in page because of this error. */
  readonly redirecting: boolean;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: FieldError[];
    retryAfter?: number | null;
    redirecting?: boolean;
  }) {
    super(init.detail);
    this.name = "ApiError";
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
    this.redirecting = init.redirecting ?? false;
  }

  /** The server's message for `field` from a 422 answer, if it gave one. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field || e.field.endsWith(`.${field}`))?.message;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  body?: unknown;
  /**
   * On 401, send the browser to /signin?next=<here>. True for everything that needs
   * a session; false where 401 is an ordinary answer (login, "am I signed in?").
   */
  redirectOn401?: boolean;
  /** Let the request outlive the page (used to flush deletes on pagehide). */
  keepalive?: boolean;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

const GENERIC_DETAIL: Record<number, string> = {
  0: "Cannot reach the server. Check your connection and try again.",
  401: "Please sign in again.",
  403: "That is not allowed.",
  404: "That item no longer exists.",
  413: "That is too large to save.",
  429: "Too many attempts. Try again later.",
  500: "Something went wrong on the server. Try again in a moment.",
};

function genericDetail(status: number): string {
  return GENERIC_DETAIL[status] ?? (status >= 500 ? GENERIC_DETAIL[500] : `Request failed (${status}).`);
}

/**
 * Seconds from a `Retry-After` header: either delta-seconds or an HTTP date.
 * Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** "Too many attempts, try again in N minutes" for a 429's Retry-After. */
export function tooManyAttemptsMessage(retryAfter: number | null): string {
  if (retryAfter === null) return "Too many attempts, try again later.";
  const minutes = Math.max(1, Math.ceil(retryAfter / 60));
  return `Too many attempts, try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

/** Where the browser is now, as a path to come back to after signing in. */
function currentPath(): string {
  return window.location.pathname + window.location.search;
}

/** Sends the browser to the sign-in page, asking it to come back here afterwards. */
export function redirectToSignIn(): void {
  const here = currentPath();
  if (window.location.pathname.replace(/\/$/, "") === "/signin") return;
  // A full page load, not a client-side navigation: this runs outside React (no router
  // here) and leaves nothing of the expired session in memory.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/signin?next=${encodeURIComponent(here)}`);
}

async function readProblem(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  let body: unknown = null;
  const type = response.headers.get("Content-Type") ?? "";
  if (type.includes("json")) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  const problem = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter(
        (e): e is FieldError =>
          !!e && typeof e === "object" && typeof e.field === "string" && typeof e.message === "string",
      )
    : [];
  return new ApiError({
    status: response.status,
    code: typeof problem.code === "string" ? problem.code : `http_${response.status}`,
    detail:
      typeof problem.detail === "string" && problem.detail !== ""
        ? problem.detail
        : genericDetail(response.status),
    errors,
    retryAfter,
  });
}

/**
 * One JSON request to the same-origin API. Resolves with the parsed body (undefined
 * for 204) or rejects with an ApiError; never with anything else.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const { method = "GET", body, redirectOn401 = true, keepalive = false } = options;
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
      keepalive,
    });
  } catch {
    throw new ApiError({ status: 0, code: "network_error", detail: genericDetail(0) });
  }

  if (!response.ok) {
    const error = await readProblem(response);
    if (response.status === 401 && redirectOn401) {
      redirectToSignIn();
      throw new ApiError({
        status: error.status,
        code: error.code,
        detail: error.detail,
        errors: error.errors,
        retryAfter: error.retryAfter,
        redirecting: true,
      });
    }
    throw error;
  }

  if (response.status === 204) return { data: undefined as T, headers: response.headers };
  try {
    return { data: (await response.json()) as T, headers: response.headers };
  } catch {
    throw new ApiError({ status: response.status, code: "bad_response", detail: genericDetail(500) });
  }
}

// ---- accounts

interface SessionBody {
  user: User;
  // The body also carries token/token_type/expires_in; they are not used here.
}

export async function register(input: { email: string; password: string; name?: string }): Promise<User> {
  const name = input.name?.trim();
  const { data } = await apiRequest<SessionBody>("/api/auth/register", {
    method: "POST",
    body: { email: input.email.trim(), password: input.password, ...(name ? { name } : {}) },
    redirectOn401: false,
  });
  return data.user;
}

export async function login(input: { email: string; password: string }): Promise<User> {
  const { data } = await apiRequest<SessionBody>("/api/auth/login", {
    method: "POST",
    body: { email: input.email.trim(), password: input.password },
    redirectOn401: false,
  });
  return data.user;
}

export async function logout(): Promise<void> {
  await apiRequest<void>("/api/auth/logout", { method: "POST", redirectOn401: false });
}

/** The signed-in user, or null when there is no valid session. */
export async function currentUser(options: { redirectOn401?: boolean } = {}): Promise<User | null> {
  try {
    const { data } = await apiRequest<{ user: User }>("/api/auth/me", {
      redirectOn401: options.redirectOn401 ?? false,
    });
    return data.user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && !error.redirecting) return null;
    throw error;
  }
}

// ---- tasks

export const TASK_PAGE_LIMIT = 1000;

export async function listTasks(): Promise<{ tasks: Task[]; total: number }> {
  const { data, headers } = await apiRequest<Task[]>(`/api/me/tasks?limit=${TASK_PAGE_LIMIT}`);
  const header = Number(headers.get("X-Total-Count"));
  return { tasks: data, total: Number.isFinite(header) && header >= data.length ? header : data.length };
}

export async function createTask(input: { title: string; description?: string }): Promise<Task> {
  const description = input.description ?? "";
  const { data } = await apiRequest<Task>("/api/me/tasks", {
    method: "POST",
    body: { title: input.title.trim(), ...(description !== "" ? { description } : {}) },
  });
  return data;
}

export async function updateTask(id: number, changes: { title?: string; description?: string }): Promise<Task> {
  const body: Record<string, string> = {};
  if (changes.title !== undefined) body.title = changes.title.trim();
  if (changes.description !== undefined) body.description = changes.description;
  const { data } = await apiRequest<Task>(`/api/me/tasks/${id}`, { method: "PATCH", body });
  return data;
}

export async function setCompleted(id: number, completed: boolean): Promise<Task> {
  const { data } = await apiRequest<Task>(`/api/me/tasks/${id}/complete`, {
    method: "PATCH",
    body: { completed },
  });
  return data;
}

export async function deleteTask(id: number, options: { keepalive?: boolean } = {}): Promise<void> {
  // A keepalive delete runs while the page is going away: no redirect then.
  await apiRequest<void>(`/api/me/tasks/${id}`, {
    method: "DELETE",
    keepalive: options.keepalive,
    redirectOn401: !options.keepalive,
  });
}
