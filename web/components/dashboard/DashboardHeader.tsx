import type { User } from "@/lib/api";
import { Button, Logo } from "../ui";

/** The bar across the top: the logo, who is signed in, and Sign out. */
export function DashboardHeader({ user, signingOut, onSignOut }: { user: User | null; signingOut: boolean; onSignOut: () => void }) {
  return (
    <header className="sticky top-0 z-10 border-b border-slate-200/80 bg-white/80 backdrop-blur dark:border-slate-800/80 dark:bg-slate-950/80">
      <div className="mx-auto flex max-w-2xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Logo className="text-slate-900 dark:text-white" />
        <div className="flex min-w-0 items-center gap-2 sm:gap-3">
          {user && (
            <span className="truncate text-sm text-slate-600 dark:text-slate-400" title={user.email} data-testid="user-email">
              {user.email}
            </span>
          )}
          <Button variant="secondary" size="sm" busy={signingOut} onClick={onSignOut} className="shrink-0">
            Sign out
          </Button>
        </div>
      </div>
    </header>
  );
}
