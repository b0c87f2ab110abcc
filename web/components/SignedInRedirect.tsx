"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { currentUser } from "@/lib/api";

/** Sends a visitor who already has a session straight to their dashboard. */
export function SignedInRedirect() {
  const router = useRouter();
  useEffect(() => {
    let cancelled = false;
    currentUser()
      .then((user) => {
        if (user && !cancelled) router.replace("/dashboard");
      })
      // Not signed in, or the server is unreachable: the landing page stays.
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [router]);
  return null;
}
