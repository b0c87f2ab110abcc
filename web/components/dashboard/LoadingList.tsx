/** Grey placeholders where the filter and the list will be, while the tasks load. */
export function LoadingList() {
  return (
    <div aria-busy="true" aria-label="Loading tasks" className="mt-8 space-y-3">
      <div className="h-10 animate-pulse rounded-xl bg-slate-200/70 dark:bg-slate-800/70" />
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-16 animate-pulse rounded-2xl bg-slate-200/50 dark:bg-slate-800/50" />
      ))}
    </div>
  );
}
