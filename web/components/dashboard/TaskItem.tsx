"use client";

import { useEffect, useRef, type FormEvent, type KeyboardEvent } from "react";
import type { Task } from "@/lib/api";
import type { FieldErrors } from "@/lib/validation";
import { Alert, Button, FieldError, cx, inputClass } from "../ui";
import { useTaskDraft } from "./useTaskDraft";

export type EditResult = { ok: true } | { ok: false; fieldErrors?: FieldErrors<"title" | "description">; message?: string };

const dateFormat: Intl.DateTimeFormatOptions = { month: "short", day: "numeric" };

function addedOn(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleDateString(undefined, sameYear ? dateFormat : { ...dateFormat, year: "numeric" });
}

export function TaskItem({
  task,
  editing,
  toggling,
  onToggle,
  onEdit,
  onCancelEdit,
  onSave,
  onDelete,
}: {
  task: Task;
  editing: boolean;
  toggling: boolean;
  onToggle: (task: Task) => void;
  onEdit: (task: Task) => void;
  onCancelEdit: (task: Task) => void;
  onSave: (task: Task, changes: { title: string; description: string }) => Promise<EditResult>;
  onDelete: (task: Task) => void;
}) {
  const titleId = `task-${task.id}-title`;
  const descriptionId = `task-${task.id}-description`;
  // A completed task is struck through and quieter, still at a 4.5:1 contrast or more.
  const titleTone = task.completed
    ? "text-slate-500 line-through decoration-slate-400/70 dark:text-slate-400"
    : "font-medium";
  const descriptionTone = task.completed ? "text-slate-500 dark:text-slate-400" : "text-slate-600 dark:text-slate-400";

  if (editing) {
    return <EditRow task={task} onCancel={() => onCancelEdit(task)} onSave={(changes) => onSave(task, changes)} />;
  }

  return (
    <li data-task-id={task.id} className="group flex items-start gap-3 px-4 py-3.5 sm:px-5">
      {/* The whole text is the checkbox's label, so a tap anywhere on it ticks the task;
          its accessible name stays the title alone. Phrasing elements only inside a label. */}
      <label className="flex min-w-0 flex-1 cursor-pointer items-start gap-3">
        <input
          id={`task-${task.id}-done`}
          type="checkbox"
          checked={task.completed}
          disabled={toggling}
          aria-labelledby={titleId}
          aria-describedby={task.description ? descriptionId : undefined}
          onChange={() => onToggle(task)}
          className="mt-0.5 size-5 shrink-0 cursor-pointer rounded accent-indigo-600 disabled:cursor-wait"
        />
        <span className="block min-w-0 flex-1">
          <span id={titleId} className={cx("block break-words", titleTone)}>
            {task.title}
          </span>
          {task.description && (
            <span id={descriptionId} className={cx("mt-0.5 block text-sm break-words whitespace-pre-wrap", descriptionTone)}>
              {task.description}
            </span>
          )}
          <span className="mt-1 block text-xs text-slate-500 dark:text-slate-400">
            <time dateTime={task.created_at} title={new Date(task.created_at).toLocaleString()}>
              Added {addedOn(task.created_at)}
            </time>
            {task.completed && <span> · Done</span>}
          </span>
        </span>
      </label>
      <div className="-mr-1.5 flex shrink-0 items-center gap-0.5">
        <Button
          id={`task-${task.id}-edit`}
          variant="ghost"
          size="sm"
          aria-label={`Edit ${task.title}`}
          onClick={() => onEdit(task)}
        >
          <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4 fill-current">
            <path d="M13.6 3.6a2 2 0 012.8 2.8l-8.3 8.3a2 2 0 01-.9.5l-3 .8a.5.5 0 01-.6-.6l.8-3a2 2 0 01.5-.9l8.7-7.9zm1.4 1.4a.5.5 0 00-.7 0l-8.5 8.4a.5.5 0 00-.1.2l-.4 1.3 1.3-.4a.5.5 0 00.2-.1l8.4-8.5a.5.5 0 000-.7z" />
          </svg>
          <span className="hidden sm:inline">Edit</span>
        </Button>
        <Button
          id={`task-${task.id}-delete`}
          variant="danger"
          size="sm"
          aria-label={`Delete ${task.title}`}
          onClick={() => onDelete(task)}
        >
          <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4 fill-current">
            <path d="M8 2.75A.75.75 0 018.75 2h2.5a.75.75 0 01.75.75V4h3.25a.75.75 0 010 1.5h-.4l-.7 10.1A2.5 2.5 0 0111.6 18H8.4a2.5 2.5 0 01-2.5-2.4L5.2 5.5h-.45a.75.75 0 010-1.5H8V2.75zM6.7 5.5l.7 10a1 1 0 001 .95h3.2a1 1 0 001-.95l.7-10H6.7z" />
          </svg>
          <span className="hidden sm:inline">Delete</span>
        </Button>
      </div>
    </li>
  );
}

function EditRow({
  task,
  onCancel,
  onSave,
}: {
  task: Task;
  onCancel: () => void;
  onSave: (changes: { title: string; description: string }) => Promise<EditResult>;
}) {
  const base = `task-${task.id}-edit`;
  const { title, setTitle, description, setDescription, errors, setErrors, formError, setFormError, busy, setBusy, start } =
    useTaskDraft(task, { title: `${base}-title`, description: `${base}-description` });
  const titleRef = useRef<HTMLInputElement>(null);

  // The row opens because Edit was pressed: the title field takes the focus from it.
  useEffect(() => {
    titleRef.current?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (!start(event)) return;
    const result = await onSave({ title, description });
    if (!result.ok) {
      setBusy(false);
      if (result.fieldErrors) setErrors(result.fieldErrors);
      if (result.message) setFormError(result.message);
    }
  }

  // On the fields rather than the form: Escape cancels, Ctrl/⌘+Enter saves from either.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      onCancel();
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  }

  return (
    <li data-task-id={task.id} className="bg-indigo-50/50 px-4 py-4 sm:px-5 dark:bg-indigo-950/20">
      <form onSubmit={onSubmit} noValidate aria-label={`Edit ${task.title}`}>
        <div role="alert">{formError && <div className="mb-3"><Alert>{formError}</Alert></div>}</div>
        <label htmlFor={`${base}-title`} className="mb-1.5 block text-sm font-medium">
          Title
        </label>
        <input
          id={`${base}-title`}
          ref={titleRef}
          type="text"
          autoComplete="off"
          value={title}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={errors.title ? `${base}-title-error` : `${base}-keys`}
          className={inputClass(!!errors.title)}
          onKeyDown={onKeyDown}
          onChange={(e) => setTitle(e.target.value)}
        />
        {errors.title && <FieldError id={`${base}-title-error`}>{errors.title}</FieldError>}
        <label htmlFor={`${base}-description`} className="mt-3 mb-1.5 block text-sm font-medium">
          Description
        </label>
        <textarea
          id={`${base}-description`}
          rows={3}
          value={description}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={errors.description ? `${base}-description-error` : undefined}
          className={`${inputClass(!!errors.description)} resize-y`}
          onKeyDown={onKeyDown}
          onChange={(e) => setDescription(e.target.value)}
        />
        {errors.description && <FieldError id={`${base}-description-error`}>{errors.description}</FieldError>}
        <div className="mt-3 flex flex-wrap items-center justify-end gap-2">
          <p id={`${base}-keys`} className="mr-auto text-xs text-slate-500 dark:text-slate-400">
            Enter to save · Esc to cancel
          </p>
          <Button variant="secondary" size="sm" onClick={onCancel} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" size="sm" busy={busy} className="px-3.5">
            Save
          </Button>
        </div>
      </form>
    </li>
  );
}
