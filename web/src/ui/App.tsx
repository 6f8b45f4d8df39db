import { useEffect, useMemo, useState } from "preact/hooks";
import { systemClock } from "../core/clock.ts";
import { newInputId } from "../core/ids.ts";
import { OriginLabels } from "../core/origin-labels.ts";
import { SessionListModel } from "../core/session-list.ts";
import { SessionModel } from "../core/session-model.ts";
import type { Transport } from "../transport/transport.ts";
import { Devices } from "./Devices.tsx";
import { useModel } from "./hooks.ts";
import { SessionList } from "./SessionList.tsx";
import { SessionView } from "./SessionView.tsx";

/** Where the app is: the list, one session, or the devices screen. */
export type Route = { view: "list" } | { view: "session"; sessionId: string } | { view: "devices"; sessionId?: string };

interface Props {
  transport: Transport;
  initial: Route;
  /** Keeps the address bar in step with the view (the relay serves /s/{id} as the app too). */
  navigate?: (route: Route) => void;
  subscribeToBack?: (listener: (route: Route) => void) => () => void;
}

/** The signed-in app: the session list, a session, or pairing another device. */
export function App({ transport, initial, navigate, subscribeToBack }: Props) {
  const [route, setRoute] = useState<Route>(initial);
  const list = useMemo(() => new SessionListModel(() => transport.listSessions(), systemClock), [transport]);
  const labels = useMemo(() => new OriginLabels(transport), [transport]);

  const go = (next: Route) => {
    setRoute(next);
    navigate?.(next);
  };
  useEffect(() => subscribeToBack?.(setRoute), []);

  // The list polls; it also refreshes when the user comes back to the page.
  useEffect(() => {
    list.start();
    const refresh = () => document.visibilityState === "visible" && void list.refresh();
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      list.stop();
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [list]);

  useEffect(() => {
    if (route.view === "list") void list.refresh();
  }, [route.view]);

  useEffect(() => void labels.load(), [labels]);
  useEffect(() => transport.notices?.((message) => list.note(message)), [list]);

  if (route.view === "devices" && transport.account) {
    return (
      <Devices
        account={transport.account}
      {...(transport.showPairing ? { showPairing: (id: string) => transport.showPairing?.(id) } : {})}
        {...(route.sessionId ? { sessionId: route.sessionId } : {})}
        onClose={() => go(route.sessionId ? { view: "session", sessionId: route.sessionId } : { view: "list" })}
      />
    );
  }
  if (route.view === "session") {
    return (
      <OpenSession
        key={route.sessionId}
        sessionId={route.sessionId}
        transport={transport}
        list={list}
        labels={labels}
        onBack={() => go({ view: "list" })}
      />
    );
  }
  return (
    <SessionList
      list={list}
      onOpen={(sessionId) => go({ view: "session", sessionId })}
      {...(transport.account ? { onPair: () => go({ view: "devices" }), onSpawn: transport.account.spawn } : {})}
    />
  );
}

interface OpenSessionProps {
  sessionId: string;
  transport: Transport;
  list: SessionListModel;
  /** Who sent each message; the transcript re-renders when names arrive. */
  labels: OriginLabels;
  onBack?: () => void;
}

/** One open session: its model, its connection, and its entry in the list kept in step with it. */
export function OpenSession({ sessionId, transport, list, labels, onBack }: OpenSessionProps) {
  useModel(labels);
  useModel(list);
  const model = useMemo(() => new SessionModel(sessionId, systemClock, newInputId), [sessionId]);
  const handle = useMemo(() => transport.open(model), [model]);
  useEffect(() => {
    const nudge = () => document.visibilityState === "visible" && handle.nudge();
    const looking = () => handle.visible?.(document.visibilityState === "visible");
    looking();
    window.addEventListener("online", nudge);
    document.addEventListener("visibilitychange", nudge);
    document.addEventListener("visibilitychange", looking);
    const unsubscribe = model.subscribe(() => {
      if (model.loaded) {
        list.update(sessionId, {
          title: model.title,
          processing: model.processing,
          pendingPermissions: model.permissions.length,
          online: model.online,
        });
      }
    });
    return () => {
      unsubscribe();
      window.removeEventListener("online", nudge);
      document.removeEventListener("visibilitychange", nudge);
      document.removeEventListener("visibilitychange", looking);
      handle.close();
    };
  }, [handle]);
  return (
    <SessionView
      model={model}
      handle={handle}
      account={transport.account}
      {...(transport.showPairing ? { showPairing: (id: string) => transport.showPairing?.(id) } : {})}
      originLabel={(origin) => labels.label(origin)}
      unhosted={list.unhosted(sessionId)}
      resumesOn={list.resumesOn(sessionId)}
      hostIsHere={transport.kind === "vscode"}
      {...(onBack ? { onBack } : {})}
    />
  );
}
