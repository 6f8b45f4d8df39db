import { useEffect, useState } from "preact/hooks";

/** Re-renders the component whenever the model says it changed. */
export function useModel(model: { subscribe(listener: () => void): () => void } | null): void {
  const [, setVersion] = useState(0);
  useEffect(() => (model ? model.subscribe(() => setVersion((n) => n + 1)) : undefined), [model]);
}
