"use client";

import { useEffect, useState, type CSSProperties, type FocusEvent } from "react";
import { UNDO_MS, type UndoOffer } from "@/lib/undoable-delete";
import { cx } from "../ui";

/** An error to show for a while; `serial` tells two equal messages apart. */
export type ErrorNotice = { message: string; serial: number };

/** How long an error stays up when nobody is on it. */
const ERROR_MS = 6000;

/**
 * Pointer or keyboard focus on an element. A toast that is held keeps its time
 * running out (WCAG 2.2.1): reading it or reaching its button takes what it takes.
 */
function useHeld() {
  const [pointer, setPointer] = useState(false);
  const [focus, setFocus] = useState(false);
  const handlers = {
    onMouseEnter: () => setPointer(true),
    onMouseLeave: () => setPointer(false),
    onFocus: () => setFocus(true),
    onBlur: (event: FocusEvent<HTMLElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setFocus(false);
    },
  };
  return [pointer || focus, handlers] as const;
}

/** The corner where the undo offer and errors appear; screen readers hear them politely. */
export function Toasts({
  offer,
  error,
  onUndo,
  onHold,
  onDismiss,
}: {
  offer: UndoOffer | null;
  error: ErrorNotice | null;
  onUndo: () => void;
  onHold: (held: boolean) => void;
  onDismiss: (serial: number) => void;
}) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-20 flex flex-col items-center gap-2 px-4 pb-4 sm:items-end sm:px-6 sm:pb-6"
    >
      {error && <ErrorToast key={error.serial} error={error} onDismiss={onDismiss} />}
      {offer && <UndoToast key={offer.serial} offer={offer} onUndo={onUndo} onHold={onHold} />}
    </div>
  );
}

const toastClass = "pointer-events-auto relative w-full max-w-sm animate-rise overflow-hidden rounded-xl shadow-lg ring-1";

function UndoToast({ offer, onUndo, onHold }: { offer: UndoOffer; onUndo: () => void; onHold: (held: boolean) => void }) {
  const [held, handlers] = useHeld();
  useEffect(() => {
    onHold(held);
  }, [held, onHold]);

  return (
    <div
      data-testid="toast"
      data-held={held || undefined}
      {...handlers}
      className={cx(toastClass, "bg-slate-900 text-white ring-slate-900/10 dark:bg-slate-800 dark:ring-slate-700")}
    >
      <div className="flex items-center gap-3 px-4 py-3">
        <p className="min-w-0 flex-1 text-sm">
          Deleted <span className="font-medium break-words">“{offer.task.title}”</span>
        </p>
        <button
          type="button"
          onClick={onUndo}
          title="Undo (Ctrl+Z)"
          className="shrink-0 rounded-md px-2.5 py-1 text-sm font-semibold text-indigo-300 hover:bg-white/10 hover:text-indigo-200"
        >
          Undo
        </button>
      </div>
      <div
        className={cx(
          "absolute inset-x-0 bottom-0 h-0.5 origin-left animate-shrink bg-indigo-400",
          held && "[animation-play-state:paused]",
        )}
        style={{ "--toast-ms": `${UNDO_MS}ms` } as CSSProperties}
      />
    </div>
  );
}

function ErrorToast({ error, onDismiss }: { error: ErrorNotice; onDismiss: (serial: number) => void }) {
  const [held, handlers] = useHeld();
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(error.serial), ERROR_MS);
    return () => clearTimeout(timer);
  }, [held, error.serial, onDismiss]);

  return (
    <div
      data-testid="error-toast"
      {...handlers}
      className={cx(toastClass, "bg-rose-50 text-rose-900 ring-rose-200 dark:bg-rose-950 dark:text-rose-100 dark:ring-rose-900")}
    >
      <div className="flex items-center gap-3 px-4 py-3">
        <p className="min-w-0 flex-1 text-sm">{error.message}</p>
        <button
          type="button"
          onClick={() => onDismiss(error.serial)}
          aria-label="Dismiss"
          className="shrink-0 rounded-md p-1 opacity-70 hover:opacity-100"
        >
          <svg viewBox="0 0 20 20" aria-hidden="true" className="size-4 fill-current">
            <path d="M5.3 5.3a1 1 0 011.4 0L10 8.6l3.3-3.3a1 1 0 111.4 1.4L11.4 10l3.3 3.3a1 1 0 01-1.4 1.4L10 11.4l-3.3 3.3a1 1 0 01-1.4-1.4L8.6 10 5.3 6.7a1 1 0 010-1.4z" />
          </svg>
        </button>
      </div>
    </div>
  );
}
