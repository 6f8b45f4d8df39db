import { useEffect, useState } from "preact/hooks";

/** Runs `work` before the next paint (none while the tab is hidden: there is nothing to show then); without frames, soon. */
const nextFrame: (work: () => void) => void =
  typeof requestAnimationFrame === "function" ? (work) => void requestAnimationFrame(work) : (work) => void setTimeout(work, 16);

/**
 * Re-renders the component when the model says it changed, at most once per animation frame: a
 * model streaming hundreds of deltas a second costs one render per frame, not one per delta.
 */
export function useModel(model: { subscribe(listener: () => void): () => void } | null): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!model) return undefined;
    let scheduled = false;
    let live = true;
    const unsubscribe = model.subscribe(() => {
      if (scheduled) return;
      scheduled = true;
      nextFrame(() => {
        scheduled = false;
        if (live) setVersion((n) => n + 1);
      });
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [model]);
}
