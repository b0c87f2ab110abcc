"use client";

import { useCallback, useEffect, useReducer, useState } from "react";
import { ApiError, currentUser, deleteTask, listTasks, type User } from "@/lib/api";
import { initialTasksState, tasksReducer } from "@/lib/tasks-reducer";
import { sendDelete, takeUnsentDeletes } from "@/lib/undoable-delete";

/**
 * Who is signed in and their tasks: loaded when the dashboard opens and again on
 * `retry`. A 401 sends the browser to the sign-in page (and leaves `loadError` null).
 */
export function useDashboardData() {
  const [user, setUser] = useState<User | null>(null);
  const [state, dispatch] = useReducer(tasksReducer, initialTasksState);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    Promise.all([currentUser({ redirectOn401: true }), listTasks()]).then(
      ([me, list]) => {
        if (cancelled) return;
        const unsent = takeUnsentDeletes(() => window.sessionStorage);
        setUser(me);
        dispatch({ type: "loaded", tasks: list.tasks, total: list.total, unsent });
        // Sent again in case this load overtook the keepalive request of the last page.
        for (const id of unsent) void sendDelete(id, { send: deleteTask, dispatch });
      },
      (error: unknown) => {
        if (cancelled || (error instanceof ApiError && error.redirecting)) return;
        setLoadError(error instanceof ApiError ? error.detail : "Could not load your tasks.");
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const retry = useCallback(() => {
    setLoadError(null);
    setAttempt((n) => n + 1);
  }, []);

  return { user, state, dispatch, loadError, retry };
}
