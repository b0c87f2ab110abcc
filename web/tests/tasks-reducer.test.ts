import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Task } from "../lib/api";
import {
  byNewest,
  countTasks,
  filterTasks,
  initialTasksState,
  shownTotal,
  tasksReducer,
  type TasksAction,
  type TasksState,
} from "../lib/tasks-reducer";

function task(id: number, changes: Partial<Task> = {}): Task {
  const created = `2026-01-01T00:00:${String(id).padStart(2, "0")}.000Z`;
  return {
    id,
    user_id: "u1",
    title: `Task ${id}`,
    description: "",
    completed: false,
    created_at: created,
    updated_at: created,
    ...changes,
  };
}

function run(...actions: TasksAction[]): TasksState {
  return actions.reduce(tasksReducer, initialTasksState);
}

const ids = (state: TasksState) => state.tasks?.map((t) => t.id) ?? null;

describe("tasksReducer: loading", () => {
  it("starts with no list, then keeps the server's tasks newest first", () => {
    assert.equal(initialTasksState.tasks, null);
    const state = run({ type: "loaded", tasks: [task(1), task(3), task(2)], total: 3 });
    assert.deepEqual(ids(state), [3, 2, 1]);
    assert.equal(shownTotal(state), 3);
  });

  it("keeps the total of a longer list than the page it got", () => {
    const state = run({ type: "loaded", tasks: [task(1), task(2)], total: 250 });
    assert.equal(shownTotal(state), 250);
  });

  it("hides tasks whose DELETE went out as the last page closed", () => {
    const state = run({ type: "loaded", tasks: [task(1), task(2), task(3)], total: 3, unsent: [2] });
    assert.deepEqual(ids(state), [3, 1]);
    assert.equal(shownTotal(state), 2);
  });
});

describe("tasksReducer: changes", () => {
  const loaded: TasksAction = { type: "loaded", tasks: [task(1), task(2)], total: 2 };

  it("puts a created task in order and counts it", () => {
    const state = run(loaded, { type: "created", task: task(5) });
    assert.deepEqual(ids(state), [5, 2, 1]);
    assert.equal(shownTotal(state), 3);
  });

  it("replaces a changed task in place", () => {
    const state = run(loaded, { type: "changed", task: task(1, { completed: true, title: "Done" }) });
    assert.deepEqual(ids(state), [2, 1]);
    assert.equal(state.tasks?.[1].title, "Done");
    assert.equal(state.tasks?.[1].completed, true);
  });

  it("drops a task the server no longer has", () => {
    assert.deepEqual(ids(run(loaded, { type: "vanished", id: 2 })), [1]);
  });

  it("does nothing to a list that is not loaded yet", () => {
    assert.equal(run({ type: "changed", task: task(1) }).tasks, null);
    assert.equal(run({ type: "deleteStarted", task: task(1) }).tasks, null);
  });
});

describe("tasksReducer: undoable delete", () => {
  const loaded: TasksAction = { type: "loaded", tasks: [task(1), task(2), task(3)], total: 3 };

  it("takes the task off the list and the count at once", () => {
    const state = run(loaded, { type: "deleteStarted", task: task(2) });
    assert.deepEqual(ids(state), [3, 1]);
    assert.equal(shownTotal(state), 2);
  });

  it("puts an undone task back where it was", () => {
    const state = run(loaded, { type: "deleteStarted", task: task(2) }, { type: "deleteUndone", id: 2 });
    assert.deepEqual(ids(state), [3, 2, 1]);
    assert.equal(shownTotal(state), 3);
    assert.deepEqual(state.deleting, []);
  });

  it("counts a committed delete once", () => {
    const state = run(loaded, { type: "deleteStarted", task: task(2) }, { type: "deleteCommitted", id: 2 });
    assert.deepEqual(ids(state), [3, 1]);
    assert.equal(shownTotal(state), 2);
    assert.deepEqual(state.deleting, []);
  });

  it("keeps a task deleted before a reload hidden until the server confirms it", () => {
    // The reload's list still has task 2: its DELETE has not landed yet.
    const state = run(loaded, { type: "deleteStarted", task: task(2) }, loaded);
    assert.deepEqual(ids(state), [3, 1]);
    assert.equal(shownTotal(state), 2);
    assert.equal(shownTotal(tasksReducer(state, { type: "deleteCommitted", id: 2 })), 2);
  });

  it("ignores an undo for a task it is not deleting", () => {
    const before = run(loaded);
    assert.equal(tasksReducer(before, { type: "deleteUndone", id: 2 }), before);
  });
});

describe("tasksReducer: the total after the server applied a delete", () => {
  // The last page went away inside the undo window and sent task 2's DELETE with
  // keepalive. This load reads the id back and sends the DELETE again.

  it("does not take an applied delete off the total again", () => {
    // The server applied the first DELETE before this load: 2 is in neither the list nor the total.
    const state = run({ type: "loaded", tasks: [task(1), task(3)], total: 2, unsent: [2] });
    assert.deepEqual(ids(state), [3, 1]);
    assert.equal(shownTotal(state), 2);
    // The DELETE sent again answers 404; nothing changes.
    assert.equal(shownTotal(tasksReducer(state, { type: "deleteCommitted", id: 2 })), 2);
  });

  it("takes a delete the load overtook off the total once", () => {
    // The load overtook the first DELETE: the server still lists and counts task 2.
    const loaded = run({ type: "loaded", tasks: [task(1), task(2), task(3)], total: 3, unsent: [2] });
    assert.deepEqual(ids(loaded), [3, 1]);
    assert.equal(shownTotal(loaded), 2);
    // Then either DELETE lands: confirmed once, counted once.
    const committed = tasksReducer(loaded, { type: "deleteCommitted", id: 2 });
    assert.equal(shownTotal(committed), 2);
    assert.equal(shownTotal(tasksReducer(committed, { type: "deleteCommitted", id: 2 })), 2);
    // A later load that no longer lists it agrees.
    const reloaded = tasksReducer(committed, { type: "loaded", tasks: [task(1), task(3)], total: 2 });
    assert.deepEqual(ids(reloaded), [3, 1]);
    assert.equal(shownTotal(reloaded), 2);
  });

  it("brings the task back when the DELETE sent again is refused", () => {
    const loaded = run({ type: "loaded", tasks: [task(1), task(2)], total: 2, unsent: [2] });
    const state = tasksReducer(loaded, { type: "deleteUndone", id: 2 });
    assert.deepEqual(ids(state), [2, 1]);
    assert.equal(shownTotal(state), 2);
  });

  it("counts a task that vanished from the server out of the total", () => {
    const state = run({ type: "loaded", tasks: [task(1), task(2)], total: 40 }, { type: "vanished", id: 2 });
    assert.equal(shownTotal(state), 39);
    assert.equal(shownTotal(tasksReducer(state, { type: "vanished", id: 2 })), 39);
  });
});

describe("selectors", () => {
  const list = [task(1, { completed: true }), task(2), task(3)];

  it("counts all, pending and completed", () => {
    assert.deepEqual(countTasks(list), { all: 3, pending: 2, completed: 1 });
    assert.deepEqual(countTasks(null), { all: 0, pending: 0, completed: 0 });
  });

  it("filters by completion", () => {
    assert.deepEqual(filterTasks(list, "completed")?.map((t) => t.id), [1]);
    assert.deepEqual(filterTasks(list, "pending")?.map((t) => t.id), [2, 3]);
    assert.deepEqual(filterTasks(list, "all")?.map((t) => t.id), [1, 2, 3]);
    assert.equal(filterTasks(null, "all"), null);
  });

  it("orders newest first, ties by the larger id", () => {
    const same = "2026-01-01T00:00:00.000Z";
    const sorted = [task(1, { created_at: same }), task(4), task(2, { created_at: same })].sort(byNewest);
    assert.deepEqual(sorted.map((t) => t.id), [4, 2, 1]);
  });
});
