import type { Filter } from "@/lib/tasks-reducer";
import { Button } from "../ui";

/** What an empty list says: no tasks at all, or none that match the filter. */
export function EmptyState({ filter, anyTasks, onStart }: { filter: Filter; anyTasks: boolean; onStart: () => void }) {
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
