"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the prerendered HTML and during hydration, true once React runs the page.
 * Submit buttons stay disabled until then, so a form can't be sent natively (which
 * would put its fields, password included, in the URL) before the handlers exist.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
