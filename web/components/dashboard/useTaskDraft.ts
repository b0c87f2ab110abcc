"use client";

import { useState, type FormEvent } from "react";
import { hasErrors, validateTask, type FieldErrors } from "@/lib/validation";

type Field = "title" | "description";

/**
 * The state of a task form (adding or editing), with the first step of submitting it:
 * `start` checks the fields, shows what is wrong and focuses the first such field
 * (by the element ids in `ids`), and tells whether to go on; if so the form is now busy.
 */
export function useTaskDraft(initial: { title: string; description: string }, ids: Record<Field, string>) {
  const [title, setTitle] = useState(initial.title);
  const [description, setDescription] = useState(initial.description);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function start(event: FormEvent<HTMLFormElement>): boolean {
    event.preventDefault();
    if (busy) return false;
    const found = validateTask({ title, description });
    setErrors(found);
    setFormError(null);
    if (hasErrors(found)) {
      document.getElementById(found.title ? ids.title : ids.description)?.focus();
      return false;
    }
    setBusy(true);
    return true;
  }

  return { title, setTitle, description, setDescription, errors, setErrors, formError, setFormError, busy, setBusy, start };
}
