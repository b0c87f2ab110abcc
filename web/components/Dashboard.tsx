"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState } from "react";
import {
  ApiError,
  currentUser,
  deleteTask,
  listTasks,
  logout,
  setCompleted,
  updateTask,
  type Task,
  type User,
} from "@/lib/api";
import {
  countTasks,
  filterTasks,
  initialTasksState,
  shownTotal,
  tasksReducer,
  type Filter,
} from "@/lib/tasks-reducer";
import { AddTaskForm } from "./dashboard/AddTaskForm";
import { TaskItem, type EditResult } from "./dashboard/TaskItem";
import { Alert, Button, Logo, cx } from "./ui";

/** How long a deleted task can be brought back before the DELETE is sent. */
export const UNDO_MS = 5000;

// Task ids whose DELETE was sent with keepalive as the page went away. The next load
// hides them (and sends the DELETE again) in case the reload overtook the request.
const UNSENT_DELETES_KEY = "taskbox.pendingDeletes";

type Toast =
  | { kind: "undo"; key: number; task: Task }
  | { kind: "error"; key: number; message: string };

type ToastInput = Toast extends infer T ? (T extends Toast ? Omit<T, "key"> : never) : never;

type PendingDelete = { task: Task; timer: ReturnType<typeof setTimeout> };

function errorText(error: unknown, fallback: string): string | null {
  if (error instanceof ApiError) {
    if (error.redirecting) return null;
    return `${fallback}: ${error.detail}`;
  }
  return `${fallback}.`;
}

function readUnsentDeletes(): number[] {
  try {
    const raw = window.sessionStorage.getItem(UNSENT_DELETES_KEY);
    window.sessionStorage.removeItem(UNSENT_DELETES_KEY);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
  } catch {
    return [];
  }
}

export function Dashboard() {
  const router = useRouter();
  const [user, setUser] = useState<User | null>(null);
  const [state, dispatch] = useReducer(tasksReducer, initialTasksState);
  const { tasks } = state;
  const [loadError, setLoadError] = useState<string | null>(null);
  const [filter, setFilter] = useState<Filter>("all");
  const [editingId, setEditingId] = useState<number | null>(null);
  const [toggling, setToggling] = useState<ReadonlySet<number>>(new Set());
  const [toast, setToast] = useState<Toast | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const pending = useRef<PendingDelete | null>(null);
  const toastKey = useRef(0);
  const focusTarget = useRef<string | null>(null);
  const newTitleRef = useRef<HTMLInputElement>(null);

  // Focus moves that must wait until React has rendered the element.
  useLayoutEffect(() => {
    if (focusTarget.current) {
      const el = document.getElementById(focusTarget.current);
      if (el) {
        el.focus();
        focusTarget.current = null;
      }
    }
  });

  const showToast = useCallback((t: ToastInput) => {
    toastKey.current += 1;
    setToast({ ...t, key: toastKey.current } as Toast);
  }, []);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const [me, list] = await Promise.all([currentUser({ redirectOn401: true }), listTasks()]);
      const unsent = readUnsentDeletes();
      setUser(me);
      dispatch({ type: "loaded", tasks: list.tasks, total: list.total, unsent });
      for (const id of unsent) {
        deleteTask(id).then(
          () => dispatch({ type: "deleteCommitted", id }),
          (error) =>
            dispatch(
              error instanceof ApiError && error.status === 404
                ? { type: "deleteCommitted", id }
                : { type: "deleteUndone", id },
            ),
        );
      }
    } catch (error) {
      if (error instanceof ApiError && error.redirecting) return;
      setLoadError(error instanceof ApiError ? error.detail : "Could not load your tasks.");
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // ---- derived

  const counts = countTasks(tasks);
  const filtered = filterTasks(tasks, filter);
  const serverTotal = shownTotal(state);
  const progress = counts.all === 0 ? 0 : Math.round((counts.completed / counts.all) * 100);

  // ---- undoable delete: hide now, send the DELETE when the undo window closes

  const commitDelete = useCallback(
    async (entry: PendingDelete) => {
      clearTimeout(entry.timer);
      if (pending.current === entry) pending.current = null;
      setToast((t) => (t?.kind === "undo" && t.task.id === entry.task.id ? null : t));
      try {
        await deleteTask(entry.task.id);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) {
          const message = errorText(error, `Could not delete “${entry.task.title}”`);
          if (message === null) return;
          dispatch({ type: "deleteUndone", id: entry.task.id });
          showToast({ kind: "error", message });
          return;
        }
        // A 404: it was already gone.
      }
      dispatch({ type: "deleteCommitted", id: entry.task.id });
    },
    [showToast],
  );

  const flushPendingDelete = useCallback(async () => {
    const entry = pending.current;
    if (entry) await commitDelete(entry);
  }, [commitDelete]);

  function removeTask(task: Task) {
    // One undo at a time: an earlier delete becomes final now.
    void flushPendingDelete();
    const visible = filtered ?? [];
    const index = visible.findIndex((t) => t.id === task.id);
    const neighbour = visible[index + 1] ?? visible[index - 1];
    dispatch({ type: "deleteStarted", task });
    if (editingId === task.id) setEditingId(null);
    const entry: PendingDelete = {
      task,
      timer: setTimeout(() => void commitDelete(entry), UNDO_MS),
    };
    pending.current = entry;
    showToast({ kind: "undo", task });
    focusTarget.current = neighbour ? `task-${neighbour.id}-delete` : "tasks-heading";
  }

  function undoDelete() {
    const entry = pending.current;
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.current = null;
    dispatch({ type: "deleteUndone", id: entry.task.id });
    setToast(null);
    focusTarget.current = `task-${entry.task.id}-delete`;
    if (filter !== "all" && (filter === "completed") !== entry.task.completed) setFilter("all");
  }

  // Ctrl/⌘+Z brings the task back while the undo toast is up (outside text fields,
  // where it keeps its usual meaning), so keyboard users need not tab to the toast.
  const undoRef = useRef(undoDelete);
  useEffect(() => {
    undoRef.current = undoDelete;
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key.toLowerCase() !== "z" || !(event.ctrlKey || event.metaKey) || event.shiftKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('textarea, [contenteditable], input:not([type="checkbox"])')) return;
      if (!pending.current) return;
      event.preventDefault();
      undoRef.current();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);

  // When the page goes away inside the undo window, the delete still happens.
  useEffect(() => {
    function onPageHide() {
      const entry = pending.current;
      if (!entry) return;
      clearTimeout(entry.timer);
      pending.current = null;
      try {
        window.sessionStorage.setItem(UNSENT_DELETES_KEY, JSON.stringify([entry.task.id]));
      } catch {
        // Storage may be unavailable; the keepalive request below still goes out.
      }
      deleteTask(entry.task.id, { keepalive: true }).catch(() => {});
    }
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.removeEventListener("pagehide", onPageHide);
      onPageHide();
    };
  }, []);

  // The undo toast closes itself through commitDelete; other toasts after a while.
  useEffect(() => {
    if (!toast || toast.kind === "undo") return;
    const timer = setTimeout(() => setToast((t) => (t === toast ? null : t)), 6000);
    return () => clearTimeout(timer);
  }, [toast]);

  // ---- other changes

  async function toggle(task: Task) {
    const completed = !task.completed;
    setToggling((s) => new Set(s).add(task.id));
    dispatch({ type: "changed", task: { ...task, completed } });
    try {
      const saved = await setCompleted(task.id, completed);
      dispatch({ type: "changed", task: saved });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        dispatch({ type: "vanished", id: task.id });
        showToast({ kind: "error", message: `“${task.title}” no longer exists.` });
      } else {
        dispatch({ type: "changed", task });
        const message = errorText(error, `Could not update “${task.title}”`);
        if (message) showToast({ kind: "error", message });
      }
    } finally {
      setToggling((s) => {
        const next = new Set(s);
        next.delete(task.id);
        return next;
      });
      focusTarget.current = `task-${task.id}-done`;
    }
  }

  async function save(task: Task, changes: { title: string; description: string }): Promise<EditResult> {
    const title = changes.title.trim();
    if (title === task.title && changes.description === task.description) {
      setEditingId(null);
      focusTarget.current = `task-${task.id}-edit`;
      return { ok: true };
    }
    try {
      const saved = await updateTask(task.id, { title, description: changes.description });
      dispatch({ type: "changed", task: saved });
      setEditingId(null);
      focusTarget.current = `task-${task.id}-edit`;
      return { ok: true };
    } catch (error) {
      if (!(error instanceof ApiError)) return { ok: false, message: "Could not save. Try again." };
      if (error.redirecting) return { ok: false };
      if (error.status === 404) {
        dispatch({ type: "vanished", id: task.id });
        setEditingId(null);
        showToast({ kind: "error", message: `“${task.title}” no longer exists.` });
        return { ok: true };
      }
      const fieldErrors: EditResult & { ok: false } = { ok: false, fieldErrors: {} };
      for (const field of ["title", "description"] as const) {
        const message = error.fieldError(field);
        if (message) fieldErrors.fieldErrors![field] = message.charAt(0).toUpperCase() + message.slice(1);
      }
      if (Object.keys(fieldErrors.fieldErrors!).length > 0) return fieldErrors;
      return { ok: false, message: `Could not save: ${error.detail}` };
    }
  }

  function created(task: Task) {
    dispatch({ type: "created", task });
    if (filter === "completed") setFilter("all");
  }

  async function signOut() {
    setSigningOut(true);
    await flushPendingDelete();
    try {
      await logout();
    } catch (error) {
      // An expired session is as good as signed out; anything else is worth saying.
      if (!(error instanceof ApiError && error.status === 401)) {
        setSigningOut(false);
        showToast({ kind: "error", message: errorText(error, "Could not sign out") ?? "Could not sign out." });
        return;
      }
    }
    router.replace("/signin");
  }

  return (
    <div className="min-h-dvh">
      <header className="sticky top-0 z-10 border-b border-slate-200/80 bg-white/80 backdrop-blur dark:border-slate-800/80 dark:bg-slate-950/80">
        <div className="mx-auto flex max-w-2xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Logo className="text-slate-900 dark:text-white" />
          <div className="flex min-w-0 items-center gap-2 sm:gap-3">
            {user && (
              <span
                className="truncate text-sm text-slate-600 dark:text-slate-400"
                title={user.email}
                data-testid="user-email"
              >
                {user.email}
              </span>
            )}
            <Button variant="secondary" size="sm" busy={signingOut} onClick={() => void signOut()} className="shrink-0">
              Sign out
            </Button>
          </div>
        </div>
      </header>

      <main className="mx-auto max-w-2xl px-4 pt-8 pb-32 sm:px-6">
        <div className="flex flex-wrap items-end justify-between gap-x-4 gap-y-1">
          <h1 id="tasks-heading" tabIndex={-1} className="text-2xl font-semibold tracking-tight focus:outline-none">
            {user?.name ? `${user.name}’s tasks` : "Your tasks"}
          </h1>
          {tasks && (
            <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="summary">
              {counts.all} {counts.all === 1 ? "task" : "tasks"} · {counts.pending} pending · {counts.completed} completed
            </p>
          )}
        </div>
        {tasks && counts.all > 0 && (
          <div
            className="mt-3 h-1.5 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
            role="progressbar"
            aria-label="Completed"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress}
          >
            <div
              className="h-full origin-left rounded-full bg-indigo-600 transition-[width] duration-300 dark:bg-indigo-500"
              style={{ width: `${progress}%` }}
            />
          </div>
        )}

        <div className="mt-6">
          <AddTaskForm ref={newTitleRef} ready={tasks !== null} onCreated={created} />
        </div>

        {loadError && (
          <div className="mt-6" role="alert">
            <Alert>
              <p>{loadError}</p>
              <button type="button" onClick={() => void load()} className="mt-1 font-medium underline underline-offset-2">
                Try again
              </button>
            </Alert>
          </div>
        )}

        {tasks === null && !loadError && <LoadingList />}

        {tasks && (
          <section aria-labelledby="tasks-heading" className="mt-8">
            <div role="group" aria-label="Show" className="flex gap-1 rounded-xl bg-slate-200/60 p-1 dark:bg-slate-800/60">
              {(["all", "pending", "completed"] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  aria-pressed={filter === f}
                  onClick={() => setFilter(f)}
                  className={cx(
                    "flex flex-1 items-center justify-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium transition-colors",
                    filter === f
                      ? "bg-white text-slate-900 shadow-xs dark:bg-slate-700 dark:text-white"
                      : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
                  )}
                >
                  {f === "all" ? "All" : f === "pending" ? "Pending" : "Completed"}
                  <span
                    className={cx(
                      "rounded-full px-1.5 text-xs tabular-nums",
                      filter === f
                        ? "bg-indigo-100 text-indigo-700 dark:bg-indigo-500/30 dark:text-indigo-200"
                        : "bg-slate-300/60 text-slate-600 dark:bg-slate-700 dark:text-slate-300",
                    )}
                  >
                    {counts[f]}
                  </span>
                </button>
              ))}
            </div>

            {filtered && filtered.length > 0 ? (
              <ul
                aria-label="Tasks"
                data-testid="task-list"
                className="mt-4 divide-y divide-slate-200 overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xs dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900"
              >
                {filtered.map((task) => (
                  <TaskItem
                    key={task.id}
                    task={task}
                    editing={editingId === task.id}
                    toggling={toggling.has(task.id)}
                    onToggle={(t) => void toggle(t)}
                    onEdit={(t) => setEditingId(t.id)}
                    onCancelEdit={(t) => {
                      setEditingId(null);
                      focusTarget.current = `task-${t.id}-edit`;
                    }}
                    onSave={save}
                    onDelete={removeTask}
                  />
                ))}
              </ul>
            ) : (
              <EmptyState filter={filter} anyTasks={counts.all > 0} onStart={() => newTitleRef.current?.focus()} />
            )}
            {serverTotal > counts.all && (
              <p className="mt-3 text-center text-xs text-slate-500 dark:text-slate-400">
                Showing the newest {counts.all} of {serverTotal} tasks.
              </p>
            )}
          </section>
        )}
      </main>

      <ToastView toast={toast} onUndo={undoDelete} onDismiss={() => setToast(null)} />
    </div>
  );
}

function LoadingList() {
  return (
    <div aria-busy="true" aria-label="Loading tasks" className="mt-8 space-y-3">
      <div className="h-10 animate-pulse rounded-xl bg-slate-200/70 dark:bg-slate-800/70" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-16 animate-pulse rounded-2xl bg-slate-200/50 dark:bg-slate-800/50" />
      ))}
    </div>
  );
}

function EmptyState({ filter, anyTasks, onStart }: { filter: Filter; anyTasks: boolean; onStart: () => void }) {
  const text = !anyTasks
    ? { title: "No tasks yet", body: "Add your first task above: a chore, an idea, anything worth remembering." }
    : filter === "pending"
      ? { title: "All done", body: "Nothing is pending. Enjoy the quiet, or add something new." }
      : { title: "Nothing completed yet", body: "Tick a task when it is done and it will show up here." };
  return (
    <div
      data-testid="empty-state"
      className="mt-4 flex flex-col items-center rounded-2xl border border-dashed border-slate-300 px-6 py-12 text-center dark:border-slate-700"
    >
      <span className="flex size-12 items-center justify-center rounded-full bg-indigo-50 text-indigo-600 dark:bg-indigo-950/60 dark:text-indigo-400">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M9 5H7a2 2 0 00-2 2v12a2 2 0 002 2h10a2 2 0 002-2V7a2 2 0 00-2-2h-2M9 5a2 2 0 002 2h2a2 2 0 002-2M9 5a2 2 0 012-2h2a2 2 0 012 2m-6 9l2 2 4-4" />
        </svg>
      </span>
      <h2 className="mt-4 font-semibold">{text.title}</h2>
      <p className="mt-1 max-w-xs text-sm text-slate-600 dark:text-slate-400">{text.body}</p>
      {!anyTasks && (
        <Button variant="secondary" size="sm" className="mt-5" onClick={onStart}>
          Write your first task
        </Button>
      )}
    </div>
  );
}

function ToastView({ toast, onUndo, onDismiss }: { toast: Toast | null; onUndo: () => void; onDismiss: () => void }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-20 flex justify-center px-4 pb-4 sm:justify-end sm:px-6 sm:pb-6"
    >
      {toast && (
        <div
          key={toast.key}
          data-testid="toast"
          className={cx(
            "pointer-events-auto relative w-full max-w-sm animate-rise overflow-hidden rounded-xl shadow-lg ring-1",
            toast.kind === "error"
              ? "bg-rose-50 text-rose-900 ring-rose-200 dark:bg-rose-950 dark:text-rose-100 dark:ring-rose-900"
              : "bg-slate-900 text-white ring-slate-900/10 dark:bg-slate-800 dark:ring-slate-700",
          )}
        >
          <div className="flex items-center gap-3 px-4 py-3">
            <p className="min-w-0 flex-1 text-sm">
              {toast.kind === "undo" ? (
                <>
                  Deleted <span className="font-medium break-words">“{toast.task.title}”</span>
                </>
              ) : (
                toast.message
              )}
            </p>
            {toast.kind === "undo" ? (
              <button
                type="button"
                onClick={onUndo}
                title="Undo (Ctrl+Z)"
                className="shrink-0 rounded-md px-2.5 py-1 text-sm font-semibold text-indigo-300 hover:bg-white/10 hover:text-indigo-200"
              >
                Undo
              </button>
            ) : (
              <button
                type="button"
                onClick={onDismiss}
                aria-label="Dismiss"
                className="shrink-0 rounded-md p-1 opacity-70 hover:opacity-100"
              >
                <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4 fill-current">
                  <path d="M5.3 5.3a1 1 0 011.4 0L10 8.6l3.3-3.3a1 1 0 111.4 1.4L11.4 10l3.3 3.3a1 1 0 01-1.4 1.4L10 11.4l-3.3 3.3a1 1 0 01-1.4-1.4L8.6 10 5.3 6.7a1 1 0 010-1.4z" />
                </svg>
              </button>
            )}
          </div>
          {toast.kind === "undo" && (
            <div className="absolute inset-x-0 bottom-0 h-0.5 origin-left animate-shrink bg-indigo-400" />
          )}
        </div>
      )}
    </div>
  );
}
