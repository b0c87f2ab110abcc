"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useSyncExternalStore, type ChangeEvent, type FormEvent, type ReactNode } from "react";
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

const noSubscription = () => () => {};

/**
 * The raw `next` query parameter (kept so the sign-in/up links can pass it on). Read from
 * the address once React runs the page; null in the prerendered HTML.
 */
function useNextParam(): string | null {
  return useSyncExternalStore(
    noSubscription,
    () => new URLSearchParams(window.location.search).get("next"),
    () => null,
  );
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

/** What a bound field needs: its value, its error, and a change handler that clears the error. */
type BoundField = {
  value: string;
  error: string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
};

function useAuthForm(fields: readonly AuthField[]) {
  const router = useRouter();
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

  function bind(field: AuthField, value: string, setValue: (value: string) => void): BoundField {
    return {
      value,
      error: fieldErrors[field],
      onChange: (e) => {
        setValue(e.target.value);
        clearFieldError(field);
      },
    };
  }

  /**
   * The form's submit handler: shows what `validate` finds, or else runs `action`
   * and goes on to the `next` page (the dashboard by default).
   */
  function submit(validate: () => FieldErrors<AuthField>, action: () => Promise<unknown>) {
    return async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (busy) return;
      const errors = validate();
      setFormError(null);
      setFieldErrors(errors);
      if (hasErrors(errors)) {
        focusFirstInvalid(formRef.current, fields, errors);
        return;
      }
      setBusy(true);
      try {
        await action();
        router.replace(safeNextPath(new URLSearchParams(window.location.search).get("next")));
        // Stay busy: the page is navigating away.
      } catch (error) {
        showFailure(error);
        setBusy(false);
      }
    };
  }

  return { formError, busy, formRef, alertRef, hydrated, bind, submit };
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

/** The email field, the same on both forms. */
function EmailField(props: BoundField) {
  return (
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
      {...props}
    />
  );
}

/** The form around the fields: the alert above them, the submit button below. */
function AuthFormFrame({
  form: { formRef, alertRef, formError, busy, hydrated },
  onSubmit,
  submitLabel,
  busyLabel,
  children,
}: {
  form: ReturnType<typeof useAuthForm>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  busyLabel: string;
  children: ReactNode;
}) {
  return (
    <form ref={formRef} method="post" onSubmit={onSubmit} noValidate aria-describedby={formError ? "form-error" : undefined}>
      <FormAlert message={formError} alertRef={alertRef} />
      <div className="space-y-5">
        {children}
        <Button type="submit" busy={busy} disabled={!hydrated} className="w-full">
          {busy ? busyLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}

export function SignInForm() {
  const next = useNextParam();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const form = useAuthForm(["email", "password"]);
  const onSubmit = form.submit(
    () => validateSignIn({ email, password }),
    () => login({ email, password }),
  );

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
      <AuthFormFrame form={form} onSubmit={onSubmit} submitLabel="Sign in" busyLabel="Signing in…">
        <EmailField {...form.bind("email", email, setEmail)} />
        <TextField
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          required
          {...form.bind("password", password, setPassword)}
        />
      </AuthFormFrame>
    </AuthCard>
  );
}

export function SignUpForm() {
  const next = useNextParam();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const form = useAuthForm(["email", "name", "password"]);
  const onSubmit = form.submit(
    () => validateSignUp({ email, password, name }),
    () => register({ email, password, name }),
  );

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
      <AuthFormFrame form={form} onSubmit={onSubmit} submitLabel="Create account" busyLabel="Creating account…">
        <EmailField {...form.bind("email", email, setEmail)} />
        <TextField
          id="name"
          name="name"
          type="text"
          label="Name"
          optional
          autoComplete="name"
          {...form.bind("name", name, setName)}
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="new-password"
          required
          hint={`${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters.`}
          {...form.bind("password", password, setPassword)}
        />
      </AuthFormFrame>
    </AuthCard>
  );
}
