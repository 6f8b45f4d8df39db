import { useEffect } from "preact/hooks";
import { pageTitle } from "../core/prompt-detail.ts";
import type { SessionModel } from "../core/session-model.ts";
import { sessionDisplayName } from "../core/session-name.ts";

const ICON = "/icon.svg";
/** The app icon with a red dot: a prompt waits. Drawn here, as a data: URL the page's policy allows. */
const WAITING_ICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1f2430"/>' +
      '<rect x="14" y="29" width="36" height="6" rx="3" fill="#f5c542" transform="rotate(-35 32 32)"/>' +
      '<circle cx="48" cy="16" r="15" fill="#e5383b" stroke="#fff" stroke-width="3"/></svg>',
  );

function setIcon(href: string): void {
  const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (link && link.getAttribute("href") !== href) link.setAttribute("href", href);
}

/**
 * While a permission prompt waits, the tab says so (title and icon) even when the page is in the
 * background: it listens to the model itself rather than waiting for a render, since a hidden tab
 * gets no animation frames.
 */
export function useAttention(model: SessionModel): void {
  useEffect(() => {
    let last = "";
    const show = () => {
      const waiting = model.permissions.length > 0;
      const title = pageTitle(sessionDisplayName(model.sessionId, model.title), waiting);
      if (title === last) return;
      last = title;
      document.title = title;
      setIcon(waiting ? WAITING_ICON : ICON);
    };
    show();
    const unsubscribe = model.subscribe(show);
    return () => {
      unsubscribe();
      document.title = "Baton";
      setIcon(ICON);
    };
  }, [model]);
}
