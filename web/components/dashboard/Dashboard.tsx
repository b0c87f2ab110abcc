"use client";

import { useRouter } from "next/navigation";
import { useCallback, useLayoutEffect, useRef, useState } from "react";
import { ApiError, logout, type Task } from "@/lib/api";
import { countTasks, filterTasks, shownTotal, type Filter } from "@/lib/tasks-reducer";
import { Alert } from "../ui";
import { AddTaskForm } from "./AddTaskForm";
import { DashboardHeader } from "./DashboardHeader";
import { EmptyState } from "./EmptyState";
import { FilterTabs } from "./FilterTabs";
import { LoadingList } from "./LoadingList";
import { TaskItem } from "./TaskItem";
import { Toasts, type ErrorNotice } from "./Toasts";
import { errorText, useTaskChanges } from "./useTaskChanges";
import { useDashboardData } from "./useDashboardData";
import { useUndoableDelete } from "./useUndoableDelete";

export function Dashboard() {
  const router = useRouter();
  const { user, state, dispatch, loadError, retry } = useDashboardData();
  const [filter, setFilter] = useState<Filter>("all");
  const [editingId, setEditingId] = useState<number | null>(null);
  const [error, setError] = useState<ErrorNotice | null>(null);
  const [signingOut, setSigningOut] = useState(false);

  const errorSerial = useRef(0);
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

  const showError = useCallback((message: string | null) => {
    if (message === null) return;
    errorSerial.current += 1;
    setError({ message, serial: errorSerial.current });
  }, []);
  const dismissError = useCallback((serial: number) => setError((e) => (e?.serial === serial ? null : e)), []);

  const { tasks } = state;
  const counts = countTasks(tasks);
  const filtered = filterTasks(tasks, filter);
  const total = shownTotal(state);
  const progress = counts.all === 0 ? 0 : Math.round((counts.completed / counts.all) * 100);

  const deletes = useUndoableDelete(dispatch, {
    onUndone: (task) => {
      focusTarget.current = `task-${task.id}-delete`;
      if (filter !== "all" && (filter === "completed") !== task.completed) setFilter("all");
    },
    onRefused: (task, reason) => showError(errorText(reason, `Could not delete “${task.title}”`)),
  });

  const { toggling, toggle, save } = useTaskChanges(dispatch, showError, (task, outcome) => {
    if (outcome === "toggled") {
      focusTarget.current = `task-${task.id}-done`;
    } else {
      setEditingId(null);
      if (outcome === "saved") focusTarget.current = `task-${task.id}-edit`;
    }
  });

  function removeTask(task: Task) {
    const visible = filtered ?? [];
    const index = visible.findIndex((t) => t.id === task.id);
    const neighbour = visible[index + 1] ?? visible[index - 1];
    deletes.remove(task);
    if (editingId === task.id) setEditingId(null);
    focusTarget.current = neighbour ? `task-${neighbour.id}-delete` : "tasks-heading";
  }

  function created(task: Task) {
    dispatch({ type: "created", task });
    if (filter === "completed") setFilter("all");
  }

  async function signOut() {
    setSigningOut(true);
    await deletes.flush();
    try {
      await logout();
    } catch (reason) {
      // An expired session is as good as signed out; anything else is worth saying.
      if (!(reason instanceof ApiError && reason.status === 401)) {
        setSigningOut(false);
        showError(errorText(reason, "Could not sign out") ?? "Could not sign out.");
        return;
      }
    }
    router.replace("/signin");
  }

  return (
    <div className="min-h-dvh">
      <DashboardHeader user={user} signingOut={signingOut} onSignOut={() => void signOut()} />

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
              <button type="button" onClick={retry} className="mt-1 font-medium underline underline-offset-2">
                Try again
              </button>
            </Alert>
          </div>
        )}

        {tasks === null && !loadError && <LoadingList />}

        {tasks && (
          <section aria-labelledby="tasks-heading" className="mt-8">
            <FilterTabs filter={filter} counts={counts} onChange={setFilter} />

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
            {total > counts.all && (
              <p className="mt-3 text-center text-xs text-slate-500 dark:text-slate-400">
                Showing the newest {counts.all} of {total} tasks.
              </p>
            )}
          </section>
        )}
      </main>

      <Toasts
        offer={deletes.offer}
        error={error}
        onUndo={deletes.undo}
        onHold={deletes.hold}
        onDismiss={dismissError}
      />
    </div>
  );
}
