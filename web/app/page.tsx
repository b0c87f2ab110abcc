import Link from "next/link";
import { SignedInRedirect } from "@/components/SignedInRedirect";
import { Logo, buttonClass, linkClass } from "@/components/ui";

const features = [
  {
    title: "One binary",
    body: "The API, the database and this web UI live in a single executable. Copy it, run it, done.",
    icon: "M4 7l8-4 8 4-8 4-8-4zm0 0v10l8 4m-8-14l8 4m0 10l8-4V7m-8 14V11",
  },
  {
    title: "Accounts built in",
    body: "Everyone gets their own list. Passwords are hashed with Argon2id; the session is an httpOnly cookie.",
    icon: "M16 11V8a4 4 0 10-8 0v3m-2 0h12a1 1 0 011 1v7a1 1 0 01-1 1H6a1 1 0 01-1-1v-7a1 1 0 011-1z",
  },
  {
    title: "No cloud setup",
    body: "Your tasks stay in a data folder you choose, on a machine you control. Nothing to sign up for elsewhere.",
    icon: "M5 12h14M5 12a2 2 0 01-2-2V6a2 2 0 012-2h14a2 2 0 012 2v4a2 2 0 01-2 2M5 12a2 2 0 00-2 2v4a2 2 0 002 2h14a2 2 0 002-2v-4a2 2 0 00-2-2m-2-4h.01M17 16h.01",
  },
];

const preview = [
  { title: "Write the release notes", done: true },
  { title: "Back up the data folder", done: false },
  { title: "Invite the team", done: false },
];

export default function Home() {
  return (
    <div className="flex min-h-dvh flex-col">
      <SignedInRedirect />
      <header className="mx-auto flex w-full max-w-5xl items-center justify-between px-4 py-5 sm:px-6">
        <Logo className="text-slate-900 dark:text-white" />
        <nav aria-label="Account" className="flex items-center gap-2">
          <Link href="/signin" className={buttonClass("ghost")}>
            Sign in
          </Link>
          <Link href="/signup" className={`${buttonClass("primary")} hidden sm:inline-flex`}>
            Get started
          </Link>
        </nav>
      </header>

      <main className="mx-auto w-full max-w-5xl flex-1 px-4 pb-16 sm:px-6">
        <section className="grid items-center gap-12 py-10 sm:py-16 lg:grid-cols-2">
          <div>
            <p className="inline-flex items-center rounded-full bg-indigo-50 px-3 py-1 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-600/20 dark:bg-indigo-950/60 dark:text-indigo-300 dark:ring-indigo-400/30">
              Self-hosted · one executable
            </p>
            <h1 className="mt-5 text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
              A todo app that fits in a single file.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-pretty text-slate-600 dark:text-slate-400">
              taskbox is a multi-user task list shipped as one self-contained binary: accounts, tasks and this web
              UI included. Start it on your laptop or a small server; there is no cloud to set up.
            </p>
            <div className="mt-8 flex flex-wrap items-center gap-3">
              <Link href="/signup" className={`${buttonClass("primary")} px-5 py-2.5`}>
                Create an account
              </Link>
              <Link href="/signin" className={`${buttonClass("secondary")} px-5 py-2.5`}>
                Sign in
              </Link>
            </div>
          </div>

          <div aria-hidden="true" className="relative mx-auto w-full max-w-md">
            <div className="absolute -inset-4 -z-10 rounded-3xl bg-gradient-to-tr from-indigo-200/60 via-sky-100/40 to-transparent blur-2xl dark:from-indigo-900/40 dark:via-sky-900/20" />
            <div className="rounded-2xl border border-slate-200 bg-white p-5 shadow-lg shadow-slate-200/60 dark:border-slate-800 dark:bg-slate-900 dark:shadow-none">
              <div className="flex items-center justify-between">
                <p className="font-semibold">Today</p>
                <p className="text-xs text-slate-500 dark:text-slate-400">1 of 3 done</p>
              </div>
              <div className="mt-3 h-1.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800">
                <div className="h-full w-1/3 rounded-full bg-indigo-600" />
              </div>
              <ul className="mt-4 space-y-2">
                {preview.map((item) => (
                  <li
                    key={item.title}
                    className="flex items-center gap-3 rounded-xl border border-slate-100 px-3 py-2.5 dark:border-slate-800"
                  >
                    <span
                      className={
                        item.done
                          ? "flex size-5 items-center justify-center rounded-md bg-indigo-600 text-white"
                          : "size-5 rounded-md border border-slate-300 dark:border-slate-600"
                      }
                    >
                      {item.done && (
                        <svg viewBox="0 0 20 20" className="size-3.5 fill-current">
                          <path d="M16.7 5.3a1 1 0 010 1.4l-8 8a1 1 0 01-1.4 0l-4-4a1 1 0 011.4-1.4L8 12.6l7.3-7.3a1 1 0 011.4 0z" />
                        </svg>
                      )}
                    </span>
                    <span
                      className={
                        item.done ? "text-sm text-slate-500 line-through dark:text-slate-400" : "text-sm"
                      }
                    >
                      {item.title}
                    </span>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        </section>

        <section aria-labelledby="features" className="pt-6">
          <h2 id="features" className="sr-only">
            What you get
          </h2>
          <ul className="grid gap-4 sm:grid-cols-3">
            {features.map((f) => (
              <li
                key={f.title}
                className="rounded-2xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
              >
                <span className="flex size-9 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600 dark:bg-indigo-950/60 dark:text-indigo-400">
                  <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
                    <path d={f.icon} />
                  </svg>
                </span>
                <h3 className="mt-4 font-semibold">{f.title}</h3>
                <p className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">{f.body}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>

      <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-500 dark:border-slate-800 dark:text-slate-400">
        taskbox ·{" "}
        <Link href="/signup" className={linkClass}>
          Create an account
        </Link>
      </footer>
    </div>
  );
}
