"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { deleteTask, type Task } from "@/lib/api";
import type { TasksAction } from "@/lib/tasks-reducer";
import { UNDO_MS, UndoableDeletes, rememberUnsentDelete, type UndoOffer } from "@/lib/undoable-delete";

type Callbacks = {
  /** The task is back on the list after an undo (by the button or Ctrl/⌘+Z). */
  onUndone: (task: Task) => void;
  /** The server refused the delete; the task is back on the list. */
  onRefused: (task: Task, error: unknown) => void;
};

/**
 * Undoable deletes for the dashboard: `remove` hides a task and offers to undo it;
 * the DELETE is sent when the window closes, before `flush` resolves, or with
 * keepalive when the page goes away. Ctrl/⌘+Z undoes while the offer stands.
 */
export function useUndoableDelete(dispatch: (action: TasksAction) => void, callbacks: Callbacks) {
  const [offer, setOffer] = useState<UndoOffer | null>(null);
  const latest = useRef(callbacks);
  useEffect(() => {
    latest.current = callbacks;
  });

  // Made on first use, which is always in a handler or an effect, never while rendering.
  const controller = useRef<UndoableDeletes | null>(null);
  const deletes = useCallback(
    () =>
      (controller.current ??= new UndoableDeletes({
        delayMs: UNDO_MS,
        dispatch,
        send: deleteTask,
        onOffer: setOffer,
        onRefused: (task, error) => latest.current.onRefused(task, error),
      })),
    [dispatch],
  );

  const undo = useCallback(() => {
    const task = deletes().undo();
    if (task) latest.current.onUndone(task);
  }, [deletes]);

  // Outside text fields, where Ctrl+Z keeps its usual meaning, so keyboard users need
  // not tab to the offer.
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== "z" || !(event.ctrlKey || event.metaKey) || event.shiftKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('textarea, [contenteditable], input:not([type="checkbox"])')) return;
      if (!deletes().task) return;
      event.preventDefault();
      undo();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [deletes, undo]);

  // When the page goes away inside the undo window, the delete still happens.
  useEffect(() => {
    function onPageHide() {
      const id = deletes().leave();
      if (id !== null) rememberUnsentDelete(() => window.sessionStorage, id);
    }
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      onPageHide();
    };
  }, [deletes]);

  const remove = useCallback((task: Task) => deletes().start(task), [deletes]);
  const flush = useCallback(() => deletes().flush(), [deletes]);
  const hold = useCallback((held: boolean) => deletes().hold(held), [deletes]);

  return { offer, remove, undo, flush, hold };
}
