"use client";

import { forwardRef, type FormEvent, type KeyboardEvent } from "react";
import { ApiError, createTask, type Task } from "@/lib/api";
import { LIMITS, codePoints, hasErrors, type FieldErrors } from "@/lib/validation";
import { Alert, Button, FieldError, inputClass } from "../ui";
import { useTaskDraft } from "./useTaskDraft";

type Field = "title" | "description";

/** Title + optional description; Enter in the title (or Ctrl/⌘+Enter anywhere) adds. */
export const AddTaskForm = forwardRef<HTMLInputElement, { ready: boolean; onCreated: (task: Task) => void }>(
  function AddTaskForm({ ready, onCreated }, titleRef) {
    const { title, setTitle, description, setDescription, errors, setErrors, formError, setFormError, busy, setBusy, start } =
      useTaskDraft({ title: "", description: "" }, { title: "new-title", description: "new-description" });

    async function onSubmit(event: FormEvent<HTMLFormElement>) {
      if (!start(event)) return;
      try {
        const task = await createTask({ title, description });
        setTitle("");
        setDescription("");
        onCreated(task);
        document.getElementById("new-title")?.focus();
      } catch (error) {
        if (error instanceof ApiError) {
          if (error.redirecting) return;
          const fieldErrors: FieldErrors<Field> = {};
          for (const field of ["title", "description"] as const) {
            const message = error.fieldError(field);
            if (message) fieldErrors[field] = message.charAt(0).toUpperCase() + message.slice(1);
          }
          if (hasErrors(fieldErrors)) setErrors(fieldErrors);
          else setFormError(`Could not add the task: ${error.detail}`);
        } else {
          setFormError("Could not add the task. Try again.");
        }
      } finally {
        setBusy(false);
      }
    }

    function submitOnModEnter(event: KeyboardEvent<HTMLTextAreaElement>) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        event.currentTarget.form?.requestSubmit();
      }
    }

    const titleLength = codePoints(title.trim());
    const descriptionLength = codePoints(description);

    return (
      <form
        method="post"
        onSubmit={onSubmit}
        noValidate
        aria-label="Add a task"
        className="rounded-2xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5 dark:border-slate-800 dark:bg-slate-900"
      >
        <div role="alert">{formError && <div className="mb-4"><Alert>{formError}</Alert></div>}</div>
        <div>
          <div className="mb-1.5 flex items-baseline justify-between">
            <label htmlFor="new-title" className="text-sm font-medium">
              New task
            </label>
            {titleLength > LIMITS.titleMax - 40 && (
              <span
                className={
                  titleLength > LIMITS.titleMax
                    ? "text-xs text-rose-600 dark:text-rose-400"
                    : "text-xs text-slate-500 dark:text-slate-400"
                }
              >
                {titleLength}/{LIMITS.titleMax}
              </span>
            )}
          </div>
          <input
            ref={titleRef}
            id="new-title"
            name="title"
            type="text"
            autoComplete="off"
            placeholder="What needs doing?"
            value={title}
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={errors.title ? "new-title-error" : undefined}
            className={inputClass(!!errors.title)}
            onChange={(e) => {
              setTitle(e.target.value);
              if (errors.title) setErrors(({ title: _dropped, ...rest }) => rest);
            }}
          />
          {errors.title && <FieldError id="new-title-error">{errors.title}</FieldError>}
        </div>
        <div className="mt-3">
          <div className="mb-1.5 flex items-baseline justify-between">
            <label htmlFor="new-description" className="text-sm font-medium">
              Description <span className="font-normal text-slate-500 dark:text-slate-400">(optional)</span>
            </label>
            {descriptionLength > LIMITS.descriptionMax - 200 && (
              <span className="text-xs text-slate-500 dark:text-slate-400">
                {descriptionLength}/{LIMITS.descriptionMax}
              </span>
            )}
          </div>
          <textarea
            id="new-description"
            name="description"
            rows={2}
            placeholder="Details, links, notes…"
            value={description}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? "new-description-error" : undefined}
            className={`${inputClass(!!errors.description)} resize-y`}
            onKeyDown={submitOnModEnter}
            onChange={(e) => {
              setDescription(e.target.value);
              if (errors.description) setErrors(({ description: _dropped, ...rest }) => rest);
            }}
          />
          {errors.description && <FieldError id="new-description-error">{errors.description}</FieldError>}
        </div>
        <div className="mt-4 flex items-center justify-between gap-3">
          <p className="hidden text-xs text-slate-500 sm:block dark:text-slate-400">
            Press Enter in the title to add.
          </p>
          <Button type="submit" busy={busy} disabled={!ready} className="w-full sm:w-auto">
            <svg viewBox="0 0 20 20" aria-hidden="true" className={busy ? "hidden" : "size-4 fill-current"}>
              <path d="M10 4a.75.75 0 01.75.75v4.5h4.5a.75.75 0 010 1.5h-4.5v4.5a.75.75 0 01-1.5 0v-4.5h-4.5a.75.75 0 010-1.5h4.5v-4.5A.75.75 0 0110 4z" />
            </svg>
            Add task
          </Button>
        </div>
      </form>
    );
  },
);
