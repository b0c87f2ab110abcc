// Deleting with undo, without React: a deleted task leaves the list at once and its
// DELETE goes to the server only when the undo window closes. The window stands still
// while the person is on the undo offer (pointer or focus), so nobody loses it for
// being slow (WCAG 2.2.1). The dashboard's hook wires this to React and the page.

import { ApiError, type Task } from "./api";
import { PausableTimer } from "./pausable-timer";
import type { TasksAction } from "./tasks-reducer";

/** How long a deleted task can be brought back before the DELETE is sent. */
export const UNDO_MS = 5000;

// Task ids whose DELETE was sent with keepalive as the page went away. The next load
// hides them (and sends the DELETE again) in case the reload overtook the request.
export const UNSENT_DELETES_KEY = "taskbox.pendingDeletes";

type SendDelete = (id: number, options?: { keepalive?: boolean }) => Promise<void>;

/** An offer to undo one delete; `serial` tells two offers for the same task apart. */
export interface UndoOffer {
  task: Task;
  serial: number;
}

export interface UndoableDeleteDeps {
  delayMs: number;
  dispatch: (action: TasksAction) => void;
  send: SendDelete;
  /** The offer to show, or null when there is none. */
  onOffer: (offer: UndoOffer | null) => void;
  /** The server refused a delete; the task is back on the list. */
  onRefused: (task: Task, error: unknown) => void;
}

/**
 * Sends one DELETE and tells the list how it went: deleted (or already gone, a 404)
 * or refused, in which case the task comes back. Resolves with the refusal, or null.
 */
export async function sendDelete(
  id: number,
  { send, dispatch }: Pick<UndoableDeleteDeps, "send" | "dispatch">,
): Promise<unknown> {
  try {
    await send(id);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      dispatch({ type: "deleteUndone", id });
      return error;
    }
  }
  dispatch({ type: "deleteCommitted", id });
  return null;
}

type Entry = { task: Task; timer: PausableTimer };

export class UndoableDeletes {
  private pending: Entry | null = null;
  private serial = 0;

  constructor(private readonly deps: UndoableDeleteDeps) {}

  /** The task whose delete can still be undone. */
  get task(): Task | null {
    return this.pending?.task ?? null;
  }

  /** Takes the task off the list now. One undo at a time: an earlier delete becomes final now. */
  start(task: Task): void {
    void this.flush();
    this.deps.dispatch({ type: "deleteStarted", task });
    const entry: Entry = {
      task,
      timer: new PausableTimer(() => {
        if (this.pending === entry) void this.flush();
      }, this.deps.delayMs),
    };
    this.pending = entry;
    this.serial += 1;
    this.deps.onOffer({ task, serial: this.serial });
  }

  /** Brings the pending task back; returns it, or null when there was nothing to undo. */
  undo(): Task | null {
    const entry = this.take();
    if (!entry) return null;
    this.deps.dispatch({ type: "deleteUndone", id: entry.task.id });
    return entry.task;
  }

  /** Sends the pending DELETE now (before signing out, or when a second delete starts). */
  async flush(): Promise<void> {
    const entry = this.take();
    if (!entry) return;
    const refusal = await sendDelete(entry.task.id, this.deps);
    if (refusal !== null) this.deps.onRefused(entry.task, refusal);
  }

  /** Holds the undo window open (the offer has the pointer or the focus), or lets it run on. */
  hold(held: boolean): void {
    if (held) this.pending?.timer.pause();
    else this.pending?.timer.resume();
  }

  /**
   * The page is going away: the pending DELETE goes out now with keepalive, and its id is
   * returned for the next page to check on (null when nothing was pending).
   */
  leave(): number | null {
    const entry = this.take();
    if (!entry) return null;
    this.deps.send(entry.task.id, { keepalive: true }).catch(() => {});
    return entry.task.id;
  }

  private take(): Entry | null {
    const entry = this.pending;
    if (!entry) return null;
    entry.timer.cancel();
    this.pending = null;
    this.deps.onOffer(null);
    return entry;
  }
}

// Storage is passed as a getter: merely reading window.sessionStorage can throw.

/** Remembers the id of a DELETE sent as the page went away. */
export function rememberUnsentDelete(storage: () => Storage, id: number): void {
  try {
    storage().setItem(UNSENT_DELETES_KEY, JSON.stringify([id]));
  } catch {
    // Storage may be unavailable; the keepalive request still went out.
  }
}

/** The ids a previous page remembered, forgotten as they are read. */
export function takeUnsentDeletes(storage: () => Storage): number[] {
  try {
    const raw = storage().getItem(UNSENT_DELETES_KEY);
    storage().removeItem(UNSENT_DELETES_KEY);
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(ids) ? ids.filter((id): id is number => Number.isInteger(id)) : [];
  } catch {
    return [];
  }
}
