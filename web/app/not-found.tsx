import type { Metadata } from "next";
import Link from "next/link";
import { Logo, buttonClass } from "@/components/ui";

export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-6 text-center">
      <Logo className="text-slate-900 dark:text-white" />
      <p className="mt-10 text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight sm:text-3xl">Page not found</h1>
      <p className="mt-3 max-w-sm text-slate-600 dark:text-slate-400">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link href="/" className={`${buttonClass("primary")} mt-8`}>
        Back to taskbox
      </Link>
    </main>
  );
}
