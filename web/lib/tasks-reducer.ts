// The dashboard's list of tasks as a pure reducer: what the server sent, what this page
// changed since, and the deletes still waiting out their undo window. No React, no
// fetch: the dashboard dispatches what happened and renders what this returns.

import type { Task } from "./api";

export type Filter = "all" | "pending" | "completed";

export interface TasksState {
  /** Newest first; null until the first load. A task being deleted is not in it. */
  tasks: Task[] | null;
  /**
   * How many tasks the server holds for the user (the list is only the newest page):
   * X-Total-Count, kept up to date with this page's own creates and confirmed deletes.
   */
  total: number;
  /**
   * Tasks taken off the list whose DELETE the server has not confirmed yet. The server
   * still holds them, so `total` counts them and `shownTotal` takes them off.
   */
  deleting: Task[];
}

export type TasksAction =
  /** The list and X-Total-Count from the server; `unsent` are ids deleted as the last page went away. */
  | { type: "loaded"; tasks: Task[]; total: number; unsent?: readonly number[] }
  | { type: "created"; task: Task }
  /** A task's new state: an optimistic change, the server's answer, or a rollback. */
  | { type: "changed"; task: Task }
  /** The server no longer has this task (it answered 404). */
  | { type: "vanished"; id: number }
  | { type: "deleteStarted"; task: Task }
  /** The delete was undone, or the server refused it: the task comes back. */
  | { type: "deleteUndone"; id: number }
  /** The server deleted the task (or it was already gone). */
  | { type: "deleteCommitted"; id: number };

export const initialTasksState: TasksState = { tasks: null, total: 0, deleting: [] };

/** Newest first, like the server's default order (created desc, ties by id desc). */
export function byNewest(a: Task, b: Task): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return b.id - a.id;
}

function without(list: readonly Task[], id: number): Task[] {
  return list.filter((t) => t.id !== id);
}

export function tasksReducer(state: TasksState, action: TasksAction): TasksState {
  switch (action.type) {
    case "loaded": {
      // Deletes not confirmed yet stay hidden. The server's total counts only those it
      // still has: the ones in its list. One it already applied is in neither, and is
      // not taken off the total a second time.
      const hidden = new Set([...(action.unsent ?? []), ...state.deleting.map((t) => t.id)]);
      return {
        tasks: action.tasks.filter((t) => !hidden.has(t.id)).sort(byNewest),
        total: action.total,
        deleting: action.tasks.filter((t) => hidden.has(t.id)),
      };
    }
    case "created":
      return { ...state, tasks: [action.task, ...(state.tasks ?? [])].sort(byNewest), total: state.total + 1 };
    case "changed":
      if (!state.tasks) return state;
      return { ...state, tasks: state.tasks.map((t) => (t.id === action.task.id ? action.task : t)) };
    case "vanished":
      if (!state.tasks?.some((t) => t.id === action.id)) return state;
      return { ...state, tasks: without(state.tasks, action.id), total: Math.max(0, state.total - 1) };
    case "deleteStarted":
      if (!state.tasks?.some((t) => t.id === action.task.id)) return state;
      return {
        ...state,
        tasks: without(state.tasks, action.task.id),
        deleting: [...without(state.deleting, action.task.id), action.task],
      };
    case "deleteUndone": {
      const task = state.deleting.find((t) => t.id === action.id);
      if (!task || !state.tasks) return state;
      return { ...state, tasks: [...state.tasks, task].sort(byNewest), deleting: without(state.deleting, action.id) };
    }
    case "deleteCommitted":
      // Only a task the total still counts comes off it.
      if (!state.deleting.some((t) => t.id === action.id)) return state;
      return { ...state, total: Math.max(0, state.total - 1), deleting: without(state.deleting, action.id) };
  }
}

/** The total to show: every task the user has, less those being deleted. */
export function shownTotal(state: TasksState): number {
  return Math.max(0, state.total - state.deleting.length);
}

export function countTasks(tasks: readonly Task[] | null): Record<Filter, number> {
  const all = tasks?.length ?? 0;
  const completed = tasks?.filter((t) => t.completed).length ?? 0;
  return { all, pending: all - completed, completed };
}

export function filterTasks(tasks: readonly Task[] | null, filter: Filter): Task[] | null {
  if (!tasks) return null;
  if (filter === "all") return [...tasks];
  return tasks.filter((t) => t.completed === (filter === "completed"));
}
