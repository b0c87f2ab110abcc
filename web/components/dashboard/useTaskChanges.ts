"use client";

import { useState } from "react";
import { ApiError, setCompleted, updateTask, type Task } from "@/lib/api";
import type { TasksAction } from "@/lib/tasks-reducer";
import type { EditResult } from "./TaskItem";

/** What to tell a person about a failed request; null when the page is already on its way to sign-in. */
export function errorText(error: unknown, fallback: string): string | null {
  if (error instanceof ApiError) {
    if (error.redirecting) return null;
    return `${fallback}: ${error.detail}`;
  }
  return `${fallback}.`;
}

/** How a change ended, for the dashboard to move focus and close the editor. */
export type ChangeOutcome = "toggled" | "saved" | "vanished";

/**
 * Ticking a task (shown at once, rolled back if the server refuses) and saving an
 * edit (field errors go back to the form). A task the server no longer has leaves the list.
 */
export function useTaskChanges(
  dispatch: (action: TasksAction) => void,
  showError: (message: string | null) => void,
  onDone: (task: Task, outcome: ChangeOutcome) => void,
) {
  const [toggling, setToggling] = useState<ReadonlySet<number>>(new Set());

  function vanished(task: Task) {
    dispatch({ type: "vanished", id: task.id });
    showError(`“${task.title}” no longer exists.`);
  }

  async function toggle(task: Task) {
    const completed = !task.completed;
    setToggling((s) => new Set(s).add(task.id));
    dispatch({ type: "changed", task: { ...task, completed } });
    try {
      dispatch({ type: "changed", task: await setCompleted(task.id, completed) });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        vanished(task);
      } else {
        dispatch({ type: "changed", task });
        showError(errorText(error, `Could not update “${task.title}”`));
      }
    } finally {
      setToggling((s) => {
        const next = new Set(s);
        next.delete(task.id);
        return next;
      });
      onDone(task, "toggled");
    }
  }

  async function save(task: Task, changes: { title: string; description: string }): Promise<EditResult> {
    const title = changes.title.trim();
    if (title === task.title && changes.description === task.description) {
      onDone(task, "saved");
      return { ok: true };
    }
    try {
      dispatch({ type: "changed", task: await updateTask(task.id, { title, description: changes.description }) });
      onDone(task, "saved");
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ApiError)) return { ok: false, message: "Could not save. Try again." };
      if (error.redirecting) return { ok: false };
      if (error.status === 404) {
        vanished(task);
        onDone(task, "vanished");
        return { ok: true };
      }
      const fieldErrors: NonNullable<Extract<EditResult, { ok: false }>["fieldErrors"]> = {};
      for (const field of ["title", "description"] as const) {
        const message = error.fieldError(field);
        if (message) fieldErrors[field] = message.charAt(0).toUpperCase() + message.slice(1);
      }
      if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
      return { ok: false, message: `Could not save: ${error.detail}` };
    }
  }

  return { toggling, toggle, save };
}
