// The journey's steps about pages and accounts: the signed-out pages, signing up, in
// and out, wrong passwords, redirects, a second user, the 404 page and the lockout.

import { check, eventually } from "../lib/runner.mjs";

export function accountSteps(ctx) {
  const { page, context, base, ada, bob, apiStatuses, expect } = ctx;
  const { path, summary, taskTitles, waitForDashboard, signIn, signOut, addTask, expectTitles, auditPage } = ctx;

  /** Signs out with the dashboard's button, from wherever the page is (signing Ada in first if need be). */
  async function signOutFromDashboard() {
    if (path() !== "/dashboard") {
      const me = await page.evaluate(async () => (await fetch("/api/auth/me")).status);
      if (me === 401) {
        await page.goto(`${base}/signin`);
        await signIn(ada);
      } else {
        await page.goto(`${base}/dashboard`);
      }
    }
    await waitForDashboard();
    await signOut();
  }

  /** The sign-up form with both problems the browser-side check finds showing. */
  async function showSignUpErrors() {
    await page.getByRole("button", { name: "Create account" }).and(page.locator(":enabled")).waitFor();
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Password").fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByText("Enter a valid email address").waitFor();
    await page.getByText("Use at least 8 characters").waitFor();
  }

  return {
    landing: {
      name: "landing page explains taskbox and offers sign-up and sign-in",
      run: async () => {
        const res = await page.goto(`${base}/`);
        check(res.status() === 200, `GET / answered ${res.status()}`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        const text = await page.locator("main").innerText();
        check(/binary/i.test(text) && /accounts/i.test(text), "the landing page does not say what taskbox is");
        check((await page.getByRole("link", { name: "Create an account" }).count()) > 0, "no sign-up link");
        check((await page.getByRole("link", { name: "Sign in" }).count()) > 0, "no sign-in link");
        await page.screenshot({ path: ctx.artifact("landing.png"), fullPage: true });
      },
    },

    "a11y-landing": {
      name: "accessibility: landing page",
      run: async () => {
        await page.goto(`${base}/`);
        await page.getByRole("heading", { level: 1 }).waitFor();
        await auditPage("landing");
      },
    },

    "a11y-signin": {
      name: "accessibility: sign-in page",
      run: async () => {
        await page.goto(`${base}/signin`);
        await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
        await auditPage("signin");
      },
    },

    "a11y-not-found": {
      name: "accessibility: the 404 page",
      run: async () => {
        expect.notFound = `${base}/no-such-page`;
        try {
          await page.goto(`${base}/no-such-page`);
          await page.getByRole("heading", { name: "Page not found" }).waitFor();
          await auditPage("not-found");
        } finally {
          expect.notFound = null;
        }
      },
    },

    "signup-checks": {
      name: "sign-up checks the form before sending it",
      run: async () => {
        await page.goto(`${base}/`);
        await page.getByRole("link", { name: "Create an account" }).first().click();
        await page.waitForURL((u) => u.pathname === "/signup");
        const before = apiStatuses.length;
        await showSignUpErrors();
        check((await page.getByLabel("Email").getAttribute("aria-invalid")) === "true", "email not marked invalid");
        check(apiStatuses.length === before, "an invalid form was sent to the server");
      },
    },

    "a11y-signup": {
      name: "accessibility: sign-up page, with its field errors showing",
      run: async () => {
        await page.goto(`${base}/signup`);
        await showSignUpErrors();
        await auditPage("signup");
      },
    },

    signup: {
      name: "sign up lands on an empty dashboard",
      run: async () => {
        await page.goto(`${base}/signup`);
        await page.getByRole("button", { name: "Create account" }).and(page.locator(":enabled")).waitFor();
        await page.getByLabel("Email").fill(ada.email);
        await page.getByLabel("Name").fill(ada.name);
        await page.getByLabel("Password").fill(ada.password);
        await page.getByRole("button", { name: "Create account" }).click();
        await waitForDashboard();
        await page.getByTestId("user-email").filter({ hasText: ada.email }).waitFor();
        await page.getByTestId("empty-state").waitFor();
        check(/0 tasks/.test(await summary()), "a new account should have no tasks");
        const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
        check(!/eyJ/.test(stored), "a token was stored in web storage");
        const cookies = await context.cookies(base);
        const session = cookies.find((c) => c.name === "taskbox_session");
        check(session && session.httpOnly, "no httpOnly taskbox_session cookie");
        check(!(await page.evaluate(() => document.cookie)).includes("taskbox_session"), "the session cookie is readable from JavaScript");
      },
    },

    "sign-out-in": {
      name: "sign out, then sign in again",
      needs: ["signup"],
      run: async () => {
        await signOut();
        await signIn(ada);
        await waitForDashboard();
      },
    },

    "wrong-password": {
      name: "a wrong password shows an error",
      needs: ["signup"],
      run: async () => {
        await signOutFromDashboard();
        await signIn({ ...ada, password: "not the password" });
        const alert = page.getByRole("alert").filter({ hasText: /invalid|incorrect/i });
        await alert.waitFor();
        check(path() === "/signin", "a wrong password left the sign-in page");
        check(await page.getByRole("button", { name: "Sign in" }).isEnabled(), "the button stayed disabled after the error");
        await page.screenshot({ path: ctx.artifact("signin-error.png") });
      },
    },

    "redirect-back": {
      name: "signed out, /dashboard sends you to sign in and back",
      needs: ["wrong-password", "reload"],
      run: async () => {
        await page.goto(`${base}/dashboard`);
        await page.waitForURL((u) => u.pathname === "/signin");
        const next = new URL(page.url()).searchParams.get("next");
        check(next === "/dashboard", `expected next=/dashboard, got ${next}`);
        await signIn(ada);
        await waitForDashboard();
        await expectTitles(["Buy oat milk", "Write the Q3 report"], "back on the dashboard");
      },
    },

    "second-user": {
      name: "a second user cannot take the first one's email and sees none of their tasks",
      needs: ["signup"],
      run: async () => {
        await signOutFromDashboard();
        await page.getByRole("link", { name: "Create an account" }).click();
        await page.waitForURL((u) => u.pathname === "/signup");
        await page.getByRole("button", { name: "Create account" }).and(page.locator(":enabled")).waitFor();
        await page.getByLabel("Email").fill(ada.email.toUpperCase());
        await page.getByLabel("Password").fill(bob.password);
        await page.getByRole("button", { name: "Create account" }).click();
        await page.locator("#email-error").waitFor();
        check(/already/i.test(await page.locator("#email-error").innerText()), "email_taken not shown under the email field");
        await page.getByLabel("Email").fill(bob.email);
        await page.getByRole("button", { name: "Create account" }).click();
        await waitForDashboard();
        await page.getByTestId("empty-state").waitFor();
        check((await taskTitles()).length === 0, "the second user sees tasks");
        const api = await page.evaluate(async () => {
          const res = await fetch("/api/me/tasks", { credentials: "same-origin" });
          return { status: res.status, body: await res.json() };
        });
        check(api.status === 200 && Array.isArray(api.body) && api.body.length === 0, `API shows ${JSON.stringify(api)}`);

        // Leaving inside the undo window still deletes (keepalive request on pagehide).
        await addTask("Short-lived", "");
        await page.getByRole("button", { name: "Delete Short-lived" }).click();
        await expectTitles([], "right after deleting");
        await page.reload();
        await waitForDashboard();
        await page.getByTestId("empty-state").waitFor();
        check(/^0 tasks/.test(await summary()), `summary after the reload: ${await summary()}`);
        await eventually(
          () => page.evaluate(async () => (await (await fetch("/api/me/tasks")).json()).length === 0),
          "a task deleted just before leaving the page is still on the server",
        );
      },
    },

    "landing-redirect": {
      name: "signed in, the landing page goes straight to the dashboard",
      needs: ["second-user"],
      run: async () => {
        await page.goto(`${base}/`);
        await waitForDashboard();
      },
    },

    "not-found": {
      name: "unknown pages get the 404 page; /signin/ works with a trailing slash",
      run: async () => {
        expect.notFound = `${base}/no-such-page`;
        try {
          const res = await page.goto(`${base}/no-such-page`);
          check(res.status() === 404, `GET /no-such-page answered ${res.status()}`);
          await page.getByRole("heading", { name: "Page not found" }).waitFor();
        } finally {
          expect.notFound = null;
        }
        const slash = await page.goto(`${base}/signin/`);
        check(slash.status() === 200, `GET /signin/ answered ${slash.status()}`);
        await page.getByRole("button", { name: "Sign in" }).and(page.locator(":enabled")).waitFor();
      },
    },

    lockout: {
      name: "after repeated failed sign-ins the wait is shown in minutes",
      run: async () => {
        await page.goto(`${base}/signin`);
        // An address nobody owns, so no real account gets locked.
        const email = `nobody.${ctx.stamp}@example.com`;
        const statuses = await page.evaluate(async (email) => {
          const seen = [];
          for (let i = 0; i < 15; i++) {
            const res = await fetch("/api/auth/login", {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify({ email, password: "not the password" }),
            });
            seen.push(res.status);
            if (res.status === 429) break;
          }
          return seen;
        }, email);
        check(statuses.at(-1) === 429, `no 429 after ${statuses.length} failed logins: ${statuses.join(" ")}`);
        await signIn({ email, password: "not the password" });
        await page.getByRole("alert").filter({ hasText: /Too many attempts, try again in \d+ minutes?/ }).waitFor();
      },
    },
  };
}
