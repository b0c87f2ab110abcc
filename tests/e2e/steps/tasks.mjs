// The journey's steps on the dashboard: adding, editing, completing (by the checkbox
// and by its label), filtering and deleting tasks, the undo offer, a reload, the
// accessibility audit and the screenshots.

import { check, eventually } from "../lib/runner.mjs";

export function taskSteps(ctx) {
  const { page, deletes } = ctx;
  const { summary, taskTitles, addTask, expectTitles, auditPage } = ctx;

  const completeAnswer = () => page.waitForResponse((r) => r.url().endsWith("/complete") && r.status() === 200);
  const undoButton = () => page.getByTestId("toast").getByRole("button", { name: "Undo" });
  const deleteButton = (title) => page.getByRole("button", { name: `Delete ${title}` });

  /** The undo window as the page runs it (the offer's countdown bar is set to it). */
  async function undoWindowMs() {
    const value = await page.getByTestId("toast").evaluate((toast) => {
      const bar = [...toast.querySelectorAll("[style]")].find((el) => el.style.getPropertyValue("--toast-ms"));
      return bar?.style.getPropertyValue("--toast-ms") ?? "";
    });
    const ms = Number.parseInt(value, 10);
    check(ms > 0, `the undo offer has no countdown (--toast-ms: "${value}")`);
    return ms;
  }

  return {
    add: {
      name: "add three tasks (one with the keyboard alone)",
      needs: ["sign-out-in"],
      run: async () => {
        await addTask("Buy oat milk", "Two litres, the barista kind");
        await addTask("Write the quarterly report", "");
        await addTask("Call the plumber", "", { keyboard: true });
        await expectTitles(["Buy oat milk", "Write the quarterly report", "Call the plumber"], "after adding");
        check((await taskTitles())[0] === "Call the plumber", "the newest task should be first");
        check(/3 tasks · 3 pending · 0 completed/.test(await summary()), `summary: ${await summary()}`);
        await page.getByText("Two litres, the barista kind").waitFor();
      },
    },

    edit: {
      name: "edit a task in place: Escape cancels, Enter saves",
      needs: ["add"],
      run: async () => {
        await page.getByRole("button", { name: "Edit Call the plumber" }).click();
        await page.getByLabel("Title", { exact: true }).fill("Something else");
        await page.getByLabel("Title", { exact: true }).press("Escape");
        await expectTitles(["Buy oat milk", "Write the quarterly report", "Call the plumber"], "after Escape");
        await eventually(
          () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") === "Edit Call the plumber"),
          "focus did not return to the Edit button after Escape",
        );

        await page.getByRole("button", { name: "Edit Write the quarterly report" }).click();
        const title = page.getByLabel("Title", { exact: true });
        await eventually(() => title.evaluate((el) => el === document.activeElement), "the editor did not focus its title");
        await title.fill("Write the Q3 report");
        await page.getByLabel("Description", { exact: true }).fill("Numbers from finance first");
        await title.press("Enter");
        await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "after editing");
        await page.getByText("Numbers from finance first").waitFor();
      },
    },

    complete: {
      name: "complete a task",
      needs: ["add"],
      run: async () => {
        const done = completeAnswer();
        await page.getByRole("checkbox", { name: "Buy oat milk" }).check();
        await done;
        check(await page.getByRole("checkbox", { name: "Buy oat milk" }).isChecked(), "the task is not shown as completed");
        await eventually(async () => /3 tasks · 2 pending · 1 completed/.test(await summary()), "counts did not update");
      },
    },

    "title-label": {
      name: "a task's title and description are its checkbox's label",
      needs: ["edit", "complete"],
      run: async () => {
        const box = page.getByRole("checkbox", { name: "Write the Q3 report" });
        check(!(await box.isChecked()), "the task should start pending");
        let done = completeAnswer();
        await page.locator('[data-testid="task-list"] [id$="-title"]', { hasText: "Write the Q3 report" }).click();
        await done;
        await eventually(() => box.isChecked(), "clicking the title did not tick the task");
        await eventually(async () => /3 tasks · 1 pending · 2 completed/.test(await summary()), "counts did not update");
        done = completeAnswer();
        await page.getByText("Numbers from finance first").click();
        await done;
        await eventually(async () => !(await box.isChecked()), "clicking the description did not untick the task");
        await eventually(async () => /3 tasks · 2 pending · 1 completed/.test(await summary()), "counts did not go back");
      },
    },

    filter: {
      name: "filter pending / completed / all",
      needs: ["edit", "complete", "title-label"],
      run: async () => {
        await page.getByRole("button", { name: /^Pending/ }).click();
        await expectTitles(["Write the Q3 report", "Call the plumber"], "pending filter");
        await page.getByRole("button", { name: /^Completed/ }).click();
        await expectTitles(["Buy oat milk"], "completed filter");
        await page.getByRole("button", { name: /^All/ }).click();
        await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "all filter");
      },
    },

    "delete-undo": {
      name: "delete, undo, then delete for real",
      needs: ["edit"],
      run: async () => {
        const deletesBefore = deletes.length;
        await deleteButton("Call the plumber").click();
        await expectTitles(["Buy oat milk", "Write the Q3 report"], "right after delete");
        await undoButton().click();
        await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "after undo");
        check(deletes.length === deletesBefore, "undo came too late: a DELETE was sent");

        // The same with the keyboard alone: Enter on Delete, then Ctrl+Z.
        await deleteButton("Call the plumber").focus();
        await page.keyboard.press("Enter");
        await expectTitles(["Buy oat milk", "Write the Q3 report"], "after deleting with the keyboard");
        await page.keyboard.press("Control+z");
        await expectTitles(["Buy oat milk", "Write the Q3 report", "Call the plumber"], "after Ctrl+Z");
        check(deletes.length === deletesBefore, "Ctrl+Z came too late: a DELETE was sent");

        await deleteButton("Call the plumber").click();
        await page.mouse.move(0, 0); // Off the offer, whose window would otherwise wait.
        await expectTitles(["Buy oat milk", "Write the Q3 report"], "after the second delete");
        await page.getByTestId("toast").waitFor();
        await eventually(() => deletes.length === deletesBefore + 1, "no DELETE after the undo window closed", 9000);
        check(deletes.at(-1).status === 204, `DELETE answered ${deletes.at(-1).status}`);
        await page.getByTestId("toast").waitFor({ state: "detached" });
      },
    },

    hold: {
      name: "the undo offer waits while the pointer or the keyboard focus is on it",
      needs: ["delete-undo"],
      run: async () => {
        const deletesBefore = deletes.length;
        const expected = ["Buy oat milk", "Write the Q3 report"];
        const toast = page.getByTestId("toast");

        await deleteButton("Write the Q3 report").click();
        await toast.waitFor();
        const windowMs = await undoWindowMs();
        await toast.hover();
        await page.waitForTimeout(windowMs + 1500);
        check(deletes.length === deletesBefore, "the DELETE went out while the pointer was on the offer");
        check(await toast.isVisible(), "the offer closed while the pointer was on it");
        await undoButton().click();
        await expectTitles(expected, "after undo with the pointer on the offer");

        await deleteButton("Write the Q3 report").click();
        await page.mouse.move(0, 0);
        await undoButton().focus();
        await page.waitForTimeout(windowMs + 1500);
        check(deletes.length === deletesBefore, "the DELETE went out while the Undo button had the focus");
        await page.keyboard.press("Enter");
        await expectTitles(expected, "after undo from the focused offer");
        check(deletes.length === deletesBefore, "a DELETE was sent for an undone task");
      },
    },

    reload: {
      name: "reload: the state was saved",
      needs: ["complete", "delete-undo", "hold"],
      run: async () => {
        await page.reload();
        await ctx.waitForDashboard();
        await expectTitles(["Buy oat milk", "Write the Q3 report"], "after reload");
        check(await page.getByRole("checkbox", { name: "Buy oat milk" }).isChecked(), "completion was not saved");
        check(!(await page.getByRole("checkbox", { name: "Write the Q3 report" }).isChecked()), "wrong task completed");
        check(/2 tasks · 1 pending · 1 completed/.test(await summary()), `summary: ${await summary()}`);
      },
    },

    "a11y-dashboard": {
      name: "accessibility: dashboard with tasks",
      needs: ["add"],
      run: async () => {
        await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
        await auditPage("dashboard");
      },
    },

    "a11y-dashboard-open": {
      name: "accessibility: dashboard with the editor open and the undo offer showing",
      needs: ["reload"],
      run: async () => {
        const deletesBefore = deletes.length;
        await page.getByRole("button", { name: "Edit Buy oat milk" }).click();
        await deleteButton("Write the Q3 report").click();
        await page.mouse.move(0, 0);
        // The focus holds the offer open through the audit's changes of size and scheme.
        await undoButton().focus();
        await auditPage("dashboard-open");
        await undoButton().press("Enter");
        await page.getByRole("button", { name: "Cancel" }).click();
        await expectTitles(["Buy oat milk", "Write the Q3 report"], "after the audit");
        check(deletes.length === deletesBefore, "a DELETE was sent during the audit");
      },
    },

    screenshots: {
      name: "screenshots: desktop, phone width, dark mode",
      needs: ["add"],
      run: async () => {
        await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
        await page.screenshot({ path: ctx.artifact("dashboard.png"), fullPage: true });
        await page.setViewportSize({ width: 375, height: 812 });
        await page.waitForTimeout(100);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        check(overflow <= 0, `the dashboard scrolls sideways at 375 px (${overflow} px too wide)`);
        await page.screenshot({ path: ctx.artifact("dashboard-phone.png"), fullPage: true });
        await page.setViewportSize({ width: 1280, height: 860 });
        await page.emulateMedia({ colorScheme: "dark" });
        await page.waitForTimeout(100);
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        await page.screenshot({ path: ctx.artifact("dashboard-dark.png"), fullPage: true });
        await page.emulateMedia({ colorScheme: "light" });
        check(bg !== "rgb(248, 250, 252)", `dark mode did not change the background (${bg})`);
      },
    },
  };
}
