import { render } from "preact";
import { act } from "preact/test-utils";

import { App } from "../src/app";
import { MockBackend, type MockOptions } from "./backend/mock-backend";

/** Lets pending promises and effects run. */
export async function settle(times = 6) {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

export async function mountApp(opts: MockOptions = {}, prepare?: (b: MockBackend) => Promise<unknown>) {
  const backend = new MockBackend(opts);
  if (prepare) await prepare(backend);
  const root = document.createElement("div");
  document.body.innerHTML = "";
  document.body.appendChild(root);
  await act(async () => {
    render(<App backend={backend} />, root);
  });
  await settle();
  return { backend, root };
}

export function key(target: Element, k: string, extra: KeyboardEventInit = {}) {
  return act(() => {
    target.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, cancelable: true, ...extra }));
  });
}

export async function typeInto(input: HTMLInputElement | HTMLTextAreaElement, text: string) {
  await act(() => {
    input.value = text;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

export async function click(el: Element) {
  await act(() => {
    (el as HTMLElement).dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
    (el as HTMLElement).click();
  });
}
