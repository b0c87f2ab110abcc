import type { Filter } from "@/lib/tasks-reducer";
import { cx } from "../ui";

const labels: Record<Filter, string> = { all: "All", pending: "Pending", completed: "Completed" };

/** All / Pending / Completed, each with its count; the pressed one is the filter in use. */
export function FilterTabs({
  filter,
  counts,
  onChange,
}: {
  filter: Filter;
  counts: Record<Filter, number>;
  onChange: (filter: Filter) => void;
}) {
  return (
    <div role="group" aria-label="Show" className="flex gap-1 rounded-xl bg-slate-200/60 p-1 dark:bg-slate-800/60">
      {(["all", "pending", "completed"] as const).map((f) => (
        <button
          key={f}
          type="button"
          aria-pressed={filter === f}
          onClick={() => onChange(f)}
          className={cx(
            "flex flex-1 items-center justify-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium transition-colors",
            filter === f
              ? "bg-white text-slate-900 shadow-xs dark:bg-slate-700 dark:text-white"
              : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white",
          )}
        >
          {labels[f]}
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
  );
}
