import { createContext } from "preact";
import { useContext } from "preact/hooks";

import type { Backend } from "./api";

export const BackendContext = createContext<Backend | null>(null);

/** The backend the app was given (Tauri, or a mock in tests). */
export function useBackend(): Backend {
  const b = useContext(BackendContext);
  if (!b) throw new Error("BackendContext missing");
  return b;
}
