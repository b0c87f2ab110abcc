import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { ApiError, type Task } from "../lib/api";
import { PausableTimer } from "../lib/pausable-timer";
import type { TasksAction } from "../lib/tasks-reducer";
import {
  UNSENT_DELETES_KEY,
  UndoableDeletes,
  rememberUnsentDelete,
  takeUnsentDeletes,
  type UndoOffer,
} from "../lib/undoable-delete";

const UNDO = 5000;

beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: 0 }));
afterEach(() => mock.timers.reset());

/** Lets promise callbacks queued by the code under test run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function task(id: number): Task {
  const at = "2026-01-01T00:00:00.000Z";
  return { id, user_id: "u1", title: `Task ${id}`, description: "", completed: false, created_at: at, updated_at: at };
}

describe("PausableTimer", () => {
  /** A 1 s timer and a check that it fires exactly `ms` from now, and only once. */
  function counted() {
    let fired = 0;
    const timer = new PausableTimer(() => fired++, 1000);
    const firesIn = (ms: number) => {
      mock.timers.tick(ms - 1);
      assert.equal(fired, 0, `fired before ${ms} ms`);
      mock.timers.tick(1);
      assert.equal(fired, 1, `did not fire at ${ms} ms`);
      mock.timers.tick(5000);
      assert.equal(fired, 1, "fired twice");
    };
    return { timer, firesIn };
  }

  it("fires once after its time", () => {
    counted().firesIn(1000);
  });

  it("does not fire while paused, and waits only the rest after resuming", () => {
    const { timer, firesIn } = counted();
    mock.timers.tick(600);
    timer.pause();
    assert.equal(timer.paused, true);
    mock.timers.tick(10_000);
    timer.resume();
    assert.equal(timer.paused, false);
    firesIn(400);
  });

  it("takes pause and resume twice in a row as once", () => {
    const { timer, firesIn } = counted();
    mock.timers.tick(300);
    timer.pause();
    timer.pause();
    mock.timers.tick(300);
    timer.resume();
    timer.resume();
    firesIn(700);
  });

  it("never fires once cancelled, even when resumed", () => {
    let fired = 0;
    const timer = new PausableTimer(() => fired++, 1000);
    timer.cancel();
    timer.resume();
    mock.timers.tick(2000);
    assert.equal(fired, 0);
  });
});

function setup(reply: (id: number) => Promise<void> = async () => {}) {
  const actions: TasksAction[] = [];
  const sent: Array<{ id: number; keepalive?: boolean }> = [];
  const offers: Array<UndoOffer | null> = [];
  const refused: Array<{ task: Task; error: unknown }> = [];
  const deletes = new UndoableDeletes({
    delayMs: UNDO,
    dispatch: (action) => actions.push(action),
    send: (id, options) => {
      sent.push({ id, ...(options?.keepalive ? { keepalive: true } : {}) });
      return reply(id);
    },
    onOffer: (offer) => offers.push(offer),
    onRefused: (t, error) => refused.push({ task: t, error }),
  });
  return { deletes, actions, sent, offers, refused };
}

describe("UndoableDeletes", () => {
  it("hides the task at once and sends the DELETE when the window closes", async () => {
    const { deletes, actions, sent, offers } = setup();
    deletes.start(task(1));
    assert.deepEqual(actions, [{ type: "deleteStarted", task: task(1) }]);
    assert.equal(offers.at(-1)?.task.id, 1);
    mock.timers.tick(UNDO - 1);
    assert.deepEqual(sent, []);
    mock.timers.tick(1);
    await settle();
    assert.deepEqual(sent, [{ id: 1 }]);
    assert.deepEqual(actions.at(-1), { type: "deleteCommitted", id: 1 });
    assert.equal(offers.at(-1), null);
    assert.equal(deletes.task, null);
  });

  it("sends nothing when undone, and gives the task back", () => {
    const { deletes, actions, sent, offers } = setup();
    deletes.start(task(1));
    mock.timers.tick(UNDO - 1);
    assert.equal(deletes.undo()?.id, 1);
    mock.timers.tick(UNDO * 2);
    assert.deepEqual(sent, []);
    assert.deepEqual(actions.at(-1), { type: "deleteUndone", id: 1 });
    assert.equal(offers.at(-1), null);
    assert.equal(deletes.undo(), null);
  });

  it("holds the window open while the offer is held, however long", async () => {
    const { deletes, sent } = setup();
    deletes.start(task(1));
    mock.timers.tick(4000);
    deletes.hold(true);
    mock.timers.tick(60_000);
    assert.deepEqual(sent, []);
    assert.equal(deletes.undo()?.id, 1, "the undo still works after the window's time");

    deletes.start(task(2));
    mock.timers.tick(4000);
    deletes.hold(true);
    mock.timers.tick(60_000);
    deletes.hold(false);
    mock.timers.tick(999);
    assert.deepEqual(sent, []);
    mock.timers.tick(1);
    await settle();
    assert.deepEqual(sent, [{ id: 2 }], "after the hold only the rest of the window is waited");
  });

  it("makes an earlier delete final when a second one starts", async () => {
    const { deletes, sent, offers } = setup();
    deletes.start(task(1));
    deletes.start(task(2));
    await settle();
    assert.deepEqual(sent, [{ id: 1 }]);
    assert.equal(deletes.task?.id, 2);
    assert.notEqual(offers.at(-1)?.serial, offers.at(-3)?.serial);
  });

  it("gives each offer its own serial, even for the same task", () => {
    const { deletes, offers } = setup();
    deletes.start(task(1));
    deletes.undo();
    deletes.start(task(1));
    const shown = offers.filter((o): o is UndoOffer => o !== null);
    assert.equal(shown.length, 2);
    assert.notEqual(shown[0].serial, shown[1].serial);
  });

  it("takes a 404 as deleted, and brings the task back when the server refuses", async () => {
    const refusal = new ApiError({ status: 500, code: "internal", detail: "boom" });
    const gone = new ApiError({ status: 404, code: "not_found", detail: "no task" });
    const { deletes, actions, refused } = setup(async (id) => {
      if (id === 1) throw gone;
      if (id === 2) throw refusal;
    });
    deletes.start(task(1));
    await deletes.flush();
    assert.deepEqual(actions.at(-1), { type: "deleteCommitted", id: 1 });
    deletes.start(task(2));
    await deletes.flush();
    assert.deepEqual(actions.at(-1), { type: "deleteUndone", id: 2 });
    assert.deepEqual(refused, [{ task: task(2), error: refusal }]);
  });

  it("sends the pending DELETE with keepalive when the page goes away", () => {
    const { deletes, sent } = setup();
    assert.equal(deletes.leave(), null);
    deletes.start(task(7));
    assert.equal(deletes.leave(), 7);
    assert.deepEqual(sent, [{ id: 7, keepalive: true }]);
    mock.timers.tick(UNDO * 2);
    assert.equal(sent.length, 1);
  });
});

describe("unsent deletes in session storage", () => {
  function memoryStorage(): Storage {
    const items = new Map<string, string>();
    return {
      get length() {
        return items.size;
      },
      clear: () => items.clear(),
      getItem: (key) => items.get(key) ?? null,
      key: (index) => [...items.keys()][index] ?? null,
      removeItem: (key) => void items.delete(key),
      setItem: (key, value) => void items.set(key, value),
    };
  }

  it("hands an id to the next page once", () => {
    const storage = memoryStorage();
    rememberUnsentDelete(() => storage, 42);
    assert.deepEqual(takeUnsentDeletes(() => storage), [42]);
    assert.deepEqual(takeUnsentDeletes(() => storage), []);
  });

  it("ignores what it did not write", () => {
    const storage = memoryStorage();
    storage.setItem(UNSENT_DELETES_KEY, "{not json");
    assert.deepEqual(takeUnsentDeletes(() => storage), []);
    storage.setItem(UNSENT_DELETES_KEY, JSON.stringify([1, "2", 3.5, 4]));
    assert.deepEqual(takeUnsentDeletes(() => storage), [1, 4]);
  });

  it("copes without storage", () => {
    const unavailable = (): Storage => {
      throw new Error("SecurityError");
    };
    rememberUnsentDelete(unavailable, 1);
    assert.deepEqual(takeUnsentDeletes(unavailable), []);
  });
});
