"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { ApiError, login, register, tooManyAttemptsMessage } from "@/lib/api";
import {
  LIMITS,
  hasErrors,
  safeNextPath,
  validateSignIn,
  validateSignUp,
  type FieldErrors,
} from "@/lib/validation";
import { Alert, AuthCard, Button, TextField, linkClass } from "./ui";
import { useHydrated } from "./useHydrated";

type AuthField = "email" | "password" | "name";

/** The raw `next` query parameter (kept so the sign-in/up links can pass it on). */
function useNextParam(): string | null {
  const [next, setNext] = useState<string | null>(null);
  useEffect(() => {
    setNext(new URLSearchParams(window.location.search).get("next"));
  }, []);
  return next;
}

function withNext(path: string, next: string | null): string {
  return next && safeNextPath(next, "") ? `${path}?next=${encodeURIComponent(next)}` : path;
}

/**
 * Turns a failed sign-in/sign-up into messages: per-field where the server named
 * the field, otherwise one message for the whole form.
 */
function describeFailure(error: unknown, fields: readonly AuthField[]): {
  fieldErrors: FieldErrors<AuthField>;
  formError: string | null;
} {
  if (!(error instanceof ApiError)) {
    return { fieldErrors: {}, formError: "Something went wrong. Try again." };
  }
  if (error.status === 429) {
    return { fieldErrors: {}, formError: tooManyAttemptsMessage(error.retryAfter) };
  }
  if (error.code === "email_taken") {
    return { fieldErrors: { email: error.detail }, formError: null };
  }
  const fieldErrors: FieldErrors<AuthField> = {};
  for (const field of fields) {
    const message = error.fieldError(field);
    if (message) fieldErrors[field] = capitalize(message);
  }
  if (hasErrors(fieldErrors)) return { fieldErrors, formError: null };
  return { fieldErrors: {}, formError: error.detail };
}

function capitalize(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** Moves focus to the first field with a problem, in form order. */
function focusFirstInvalid(form: HTMLFormElement | null, order: readonly AuthField[], errors: FieldErrors<AuthField>) {
  const first = order.find((f) => errors[f]);
  if (first && form) (form.elements.namedItem(first) as HTMLElement | null)?.focus();
}

function useAuthForm(fields: readonly AuthField[]) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<AuthField>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const hydrated = useHydrated();

  function clearFieldError(field: AuthField) {
    setFieldErrors((errors) => {
      if (!errors[field]) return errors;
      const rest = { ...errors };
      delete rest[field];
      return rest;
    });
  }

  function showFailure(error: unknown) {
    const { fieldErrors: fe, formError: fm } = describeFailure(error, fields);
    setFieldErrors(fe);
    setFormError(fm);
    if (hasErrors(fe)) focusFirstInvalid(formRef.current, fields, fe);
    else requestAnimationFrame(() => alertRef.current?.focus());
  }

  return {
    fieldErrors,
    setFieldErrors,
    formError,
    setFormError,
    busy,
    setBusy,
    formRef,
    alertRef,
    clearFieldError,
    showFailure,
    hydrated,
  };
}

function FormAlert({ message, alertRef }: { message: string | null; alertRef: React.RefObject<HTMLDivElement | null> }) {
  // The live region stays mounted so that a new message is announced.
  return (
    <div ref={alertRef} tabIndex={-1} role="alert" aria-live="assertive" className="focus:outline-none">
      {message && (
        <div className="mb-5">
          <Alert id="form-error">{message}</Alert>
        </div>
      )}
    </div>
  );
}

export function SignInForm() {
  const router = useRouter();
  const next = useNextParam();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const fields = ["email", "password"] as const;
  const form = useAuthForm(fields);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.busy) return;
    const errors = validateSignIn({ email, password });
    form.setFormError(null);
    form.setFieldErrors(errors);
    if (hasErrors(errors)) {
      focusFirstInvalid(form.formRef.current, fields, errors);
      return;
    }
    form.setBusy(true);
    try {
      await login({ email, password });
      router.replace(safeNextPath(new URLSearchParams(window.location.search).get("next")));
      // Stay busy: the page is navigating away.
    } catch (error) {
      form.showFailure(error);
      form.setBusy(false);
    }
  }

  return (
    <AuthCard
      title="Sign in"
      subtitle={next ? "Sign in to continue where you left off." : "Welcome back. Your tasks are waiting."}
      footer={
        <>
          New to taskbox?{" "}
          <Link href={withNext("/signup", next)} className={linkClass}>
            Create an account
          </Link>
        </>
      }
    >
      <form ref={form.formRef} method="post" onSubmit={onSubmit} noValidate aria-describedby={form.formError ? "form-error" : undefined}>
        <FormAlert message={form.formError} alertRef={form.alertRef} />
        <div className="space-y-5">
          <TextField
            id="email"
            name="email"
            type="email"
            label="Email"
            autoComplete="email"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            error={form.fieldErrors.email}
            onChange={(e) => {
              setEmail(e.target.value);
              form.clearFieldError("email");
            }}
          />
          <TextField
            id="password"
            name="password"
            type="password"
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            error={form.fieldErrors.password}
            onChange={(e) => {
              setPassword(e.target.value);
              form.clearFieldError("password");
            }}
          />
          <Button type="submit" busy={form.busy} disabled={!form.hydrated} className="w-full">
            {form.busy ? "Signing in…" : "Sign in"}
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}

export function SignUpForm() {
  const router = useRouter();
  const next = useNextParam();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const fields = ["email", "name", "password"] as const;
  const form = useAuthForm(fields);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (form.busy) return;
    const errors = validateSignUp({ email, password, name });
    form.setFormError(null);
    form.setFieldErrors(errors);
    if (hasErrors(errors)) {
      focusFirstInvalid(form.formRef.current, fields, errors);
      return;
    }
    form.setBusy(true);
    try {
      await register({ email, password, name });
      router.replace(safeNextPath(new URLSearchParams(window.location.search).get("next")));
    } catch (error) {
      form.showFailure(error);
      form.setBusy(false);
    }
  }

  return (
    <AuthCard
      title="Create your account"
      subtitle="Start keeping track of what matters. It takes a few seconds."
      footer={
        <>
          Already have an account?{" "}
          <Link href={withNext("/signin", next)} className={linkClass}>
            Sign in
          </Link>
        </>
      }
    >
      <form ref={form.formRef} method="post" onSubmit={onSubmit} noValidate aria-describedby={form.formError ? "form-error" : undefined}>
        <FormAlert message={form.formError} alertRef={form.alertRef} />
        <div className="space-y-5">
          <TextField
            id="email"
            name="email"
            type="email"
            label="Email"
            autoComplete="email"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={email}
            error={form.fieldErrors.email}
            onChange={(e) => {
              setEmail(e.target.value);
              form.clearFieldError("email");
            }}
          />
          <TextField
            id="name"
            name="name"
            type="text"
            label="Name"
            optional
            autoComplete="name"
            value={name}
            error={form.fieldErrors.name}
            onChange={(e) => {
              setName(e.target.value);
              form.clearFieldError("name");
            }}
          />
          <TextField
            id="password"
            name="password"
            type="password"
            label="Password"
            autoComplete="new-password"
            required
            value={password}
            error={form.fieldErrors.password}
            hint={`${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters.`}
            onChange={(e) => {
              setPassword(e.target.value);
              form.clearFieldError("password");
            }}
          />
          <Button type="submit" busy={form.busy} disabled={!form.hydrated} className="w-full">
            {form.busy ? "Creating account…" : "Create account"}
          </Button>
        </div>
      </form>
    </AuthCard>
  );
}
