import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * What the user is typing in one section, kept in component state and mirrored to
 * sessionStorage until it is saved, so neither a failed save, a dropped network nor a reload
 * of the tab loses it. Server data stays in TanStack Query; this is only the unsaved edit.
 */
export function useDraft<T>(storageKey: string, fromServer: () => T) {
  const [draft, setDraftState] = useState<T>(() => {
    const stored = readStored<T>(storageKey);
    return stored ?? fromServer();
  });
  const [dirty, setDirty] = useState(() => readStored<T>(storageKey) !== null);
  const latest = useRef(draft);
  latest.current = draft;

  useEffect(() => {
    if (dirty) writeStored(storageKey, draft);
  }, [storageKey, draft, dirty]);

  const setDraft = useCallback((update: (current: T) => T) => {
    setDraftState((current) => update(current));
    setDirty(true);
  }, []);

  /** After a save, or when the user chooses to reload what the server has. */
  const reset = useCallback(
    (value: T) => {
      globalThis.sessionStorage?.removeItem(storageKey);
      setDirty(false);
      setDraftState(value);
    },
    [storageKey],
  );

  const markSaved = useCallback(() => {
    globalThis.sessionStorage?.removeItem(storageKey);
    setDirty(false);
  }, [storageKey]);

  return { draft, setDraft, dirty, reset, markSaved, latest };
}

function readStored<T>(key: string): T | null {
  try {
    const text = globalThis.sessionStorage?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function writeStored<T>(key: string, value: T): void {
  try {
    globalThis.sessionStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only loses the copy; the draft stays in component state.
  }
}
