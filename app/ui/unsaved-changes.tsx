import { useBeforeUnload, useBlocker } from "@remix-run/react";
import { useCallback, useEffect } from "react";

/**
 * Warns before leaving a form with unsaved typing: the browser's own prompt for reloads and
 * closing the tab, a confirm for in-app navigation. Submitting the form itself is allowed.
 */
export function useUnsavedChangesWarning(dirty: boolean) {
  const blocker = useBlocker(({ currentLocation, nextLocation, historyAction }) => {
    if (!dirty) return false;
    // A form submission to the same page (save) is not leaving.
    if (historyAction === "REPLACE" && currentLocation.pathname === nextLocation.pathname) return false;
    return (
      currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search
    );
  });
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    if (window.confirm("You have unsaved changes. Leave this page and lose them?")) blocker.proceed();
    else blocker.reset();
  }, [blocker]);
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!dirty) return;
        event.preventDefault();
        event.returnValue = "";
      },
      [dirty],
    ),
  );
}
