// Client-side checks that mirror the server's rules, so most mistakes are caught
// before a round trip. The server stays the authority: its 422 answers are shown too.
//
// Every length counts Unicode code points, like the server does, so "😀" is one
// character here and not two UTF-16 units.

export const LIMITS = {
  emailMax: 254,
  passwordMin: 8,
  passwordMax: 128,
  nameMax: 100,
  titleMax: 200,
  descriptionMax: 2000,
} as const;

/** Field name → message; a field without a problem is absent. */
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/** Number of Unicode code points in `s` (not UTF-16 code units). */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// Same shape as the server: something@something.tld, no spaces, one "@".
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/u;

export function checkEmail(raw: string): string | undefined {
  const email = raw.trim();
  if (email === "") return "Enter your email address.";
  if (codePoints(email) > LIMITS.emailMax || !EMAIL_RE.test(email)) {
    return "Enter a valid email address, like name@example.com.";
  }
  return undefined;
}

export function checkPassword(password: string): string | undefined {
  const n = codePoints(password);
  if (n === 0) return "Enter a password.";
  if (n < LIMITS.passwordMin) return `Use at least ${LIMITS.passwordMin} characters.`;
  if (n > LIMITS.passwordMax) return `Use at most ${LIMITS.passwordMax} characters.`;
  return undefined;
}

export function checkName(raw: string): string | undefined {
  if (codePoints(raw.trim()) > LIMITS.nameMax) {
    return `Use at most ${LIMITS.nameMax} characters.`;
  }
  return undefined;
}

export function checkTitle(raw: string): string | undefined {
  const n = codePoints(raw.trim());
  if (n === 0) return "Give the task a title.";
  if (n > LIMITS.titleMax) return `Keep the title to ${LIMITS.titleMax} characters or fewer.`;
  return undefined;
}

export function checkDescription(description: string): string | undefined {
  if (codePoints(description) > LIMITS.descriptionMax) {
    return `Keep the description to ${LIMITS.descriptionMax} characters or fewer.`;
  }
  return undefined;
}

function collect<F extends string>(checks: Record<F, string | undefined>): FieldErrors<F> {
  const errors: FieldErrors<F> = {};
  for (const field of Object.keys(checks) as F[]) {
    const message = checks[field];
    if (message !== undefined) errors[field] = message;
  }
  return errors;
}

export function validateSignUp(input: {
  email: string;
  password: string;
  name: string;
}): FieldErrors<"email" | "password" | "name"> {
  return collect({
    email: checkEmail(input.email),
    name: checkName(input.name),
    password: checkPassword(input.password),
  });
}

// Sign-in only checks that something plausible was typed: the password rules are
// not repeated, so an account made under older rules can still sign in.
export function validateSignIn(input: {
  email: string;
  password: string;
}): FieldErrors<"email" | "password"> {
  return collect({
    email: checkEmail(input.email),
    password: input.password === "" ? "Enter your password." : undefined,
  });
}

export function validateTask(input: {
  title: string;
  description: string;
}): FieldErrors<"title" | "description"> {
  return collect({
    title: checkTitle(input.title),
    description: checkDescription(input.description),
  });
}

export function hasErrors(errors: object): boolean {
  return Object.keys(errors).length > 0;
}

/**
 * The `next` query parameter if it is a path on this site, else `fallback`.
 * Rejects absolute URLs and protocol-relative forms ("//evil", "/\evil") that a
 * browser would resolve to another origin.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next || !next.startsWith("/")) return fallback;
  if (next.startsWith("//") || next.startsWith("/\\")) return fallback;
  // Control characters (tab, newline) are stripped by URL parsers and could turn
  // "/\t/evil" into "//evil".
  for (const ch of next) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c === 0x7f) return fallback;
  }
  return next;
}
