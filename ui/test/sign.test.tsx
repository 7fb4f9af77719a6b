// «Ký số» (issue 20 point 2, the app's half) with the mock backend: the
// panel from the menu and after an export, no driver on the machine, a
// wrong PIN, the certificate shown before «Ký», the signed file.

import { act } from "preact/test-utils";
import { describe, expect, it } from "vitest";

import { MOCK_PIN } from "./backend/mock-signing";
import { click, mountApp, settle, typeInto } from "./helpers";

async function openFromMenu(prepare?: Parameters<typeof mountApp>[1]) {
  const app = await mountApp({}, prepare);
  await click(app.root.querySelector("#app-menu")!);
  await click(app.root.querySelector("#menu-sign")!);
  await settle();
  return app;
}

const $ = <T extends Element = HTMLElement>(root: Element, sel: string) => root.querySelector<T>(sel)!;

describe("«Ký số»", () => {
  it("without a driver on this machine says so and offers «Chọn tệp…»", async () => {
    const { root, backend } = await openFromMenu(async (b) => {
      b.driversPresent = false;
    });
    expect($(root, '[data-test="sign-panel"]')).not.toBeNull();
    expect($(root, '[data-test="sign-no-driver"]').textContent).toContain("Chưa chọn trình điều khiển token");
    expect($<HTMLButtonElement>(root, "#sign-look").disabled).toBe(true);
    expect($<HTMLButtonElement>(root, "#sign-do").disabled).toBe(true);
    // The usual ones are listed, but not choosable when absent.
    const absent = [...root.querySelectorAll<HTMLOptionElement>("#sign-driver option")].filter((o) => o.value.endsWith("libsofthsm2.so"));
    expect(absent[0].disabled).toBe(true);
    backend.nextDriver = "/opt/token/libvnpt.so";
    await click($(root, "#sign-pick-driver"));
    await settle();
    expect($<HTMLSelectElement>(root, "#sign-driver").value).toBe("/opt/token/libvnpt.so");
    expect(root.querySelector('[data-test="sign-no-driver"]')).toBeNull();
  });

  it("a wrong PIN gets the Vietnamese sentence, the PIN cleared and nothing signed", async () => {
    const { root, backend } = await openFromMenu();
    expect($<HTMLSelectElement>(root, "#sign-driver").value).toBe("/usr/lib/softhsm/libsofthsm2.so");
    await typeInto($<HTMLInputElement>(root, "#sign-pin"), "000000");
    expect($<HTMLInputElement>(root, "#sign-pin").type).toBe("password");
    await click($(root, "#sign-look"));
    await settle();
    const err = $(root, '[data-test="sign-error"]');
    expect(err.textContent).toContain("Mã PIN không đúng; hãy nhập lại");
    expect(err.textContent).not.toContain("000000");
    expect($(root, '[data-test="sign-error"] [data-code]').getAttribute("data-code")).toBe("wrong_pin");
    expect($<HTMLInputElement>(root, "#sign-pin").value).toBe("");
    expect(root.querySelector('[data-test="sign-certificate"]')).toBeNull();
    expect($<HTMLButtonElement>(root, "#sign-do").disabled).toBe(true);
    expect(backend.calls.some((c) => c.cmd === "signPdf")).toBe(false);
    expect(JSON.stringify(backend.calls)).not.toContain("000000");
  });

  it("shows the holder and validity before «Ký», then signs and says where the file went", async () => {
    const { root, backend } = await openFromMenu();
    await click($(root, "#sign-pick-file"));
    await settle();
    expect($(root, "#sign-file-name").textContent).toBe("PL01_THAI-NGUYEN_2024-Q2.pdf");
    expect($<HTMLButtonElement>(root, "#sign-do").disabled).toBe(true);
    await typeInto($<HTMLInputElement>(root, "#sign-pin"), MOCK_PIN);
    await click($(root, "#sign-look"));
    await settle();
    const certs = root.querySelectorAll('[data-test="sign-certificate"]');
    expect(certs).toHaveLength(2);
    expect(certs[0].textContent).toContain("Nguyễn Thị Hồng Hạnh");
    expect(certs[0].textContent).toContain("Sở Thông tin và Truyền thông tỉnh Thái Nguyên");
    expect(certs[0].textContent).toContain("từ 01/07/2024 đến 31/07/2024");
    expect(certs[0].textContent).toContain("dùng được để ký ngay");
    expect(certs[1].textContent).toContain("không dùng để ký số");
    expect($<HTMLButtonElement>(root, "#sign-do").disabled).toBe(false);
    // The key that cannot sign leaves «Ký» off.
    await act(() => (certs[1].querySelector("input") as HTMLInputElement).click());
    expect($<HTMLButtonElement>(root, "#sign-do").disabled).toBe(true);
    await act(() => (certs[0].querySelector("input") as HTMLInputElement).click());
    await click($(root, "#sign-do"));
    await settle();
    expect(backend.calls.find((c) => c.cmd === "signPdf")?.args).toEqual(["p-pdf", "/usr/lib/softhsm/libsofthsm2.so", "chitieu-test", "signer"]);
    const result = $(root, '[data-test="sign-result"]');
    expect(result.textContent).toContain("Đã ký số");
    expect($(root, "#sign-result-file").textContent).toBe("PL01_THAI-NGUYEN_2024-Q2-da-ky.pdf");
    expect(result.textContent).toContain("01/07/2024 10:00:00 +07:00");
    // The PIN is gone from the field once used.
    expect($<HTMLInputElement>(root, "#sign-pin").value).toBe("");
    await click($(root, "#sign-reveal"));
    await settle();
    expect(backend.calls.find((c) => c.cmd === "revealExport")?.args).toEqual(["w-signed"]);
    expect(JSON.stringify(backend.calls)).not.toContain(MOCK_PIN);
  });

  it("is offered in the result of a submission's export", async () => {
    const app = await mountApp({}, (b) => b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]));
    await click(app.root.querySelector('.period-card[data-period="2024-Q2"]')!);
    await settle();
    await act(() => app.root.querySelector<HTMLElement>('[data-tab="export"]')!.click());
    await settle();
    await act(() => app.root.querySelector<HTMLElement>("#export-submission")!.click());
    await settle();
    await act(() => app.root.querySelector<HTMLElement>("#export-confirm-yes")!.click());
    await settle();
    // «Kèm bản PDF» is ticked by default: the PDF went beside the workbook.
    expect(app.backend.calls.find((c) => c.cmd === "exportSubmission")?.args).toEqual(["THAI-NGUYEN", "2024-Q2", true]);
    expect($(app.root, "#export-pdf-name").textContent).toBe("PL01_THAI-NGUYEN_2024-Q2.pdf (3 trang, 40,2 KB)");
    await click($(app.root, "#export-sign"));
    await settle();
    expect($(app.root, '[data-test="sign-panel"]')).not.toBeNull();
    // The panel opens on the exported PDF: nothing to pick.
    expect($(app.root, "#sign-file-name").textContent).toBe("PL01_THAI-NGUYEN_2024-Q2.pdf");
    await click($(app.root, '[data-test="sign-panel"] .actions .btn'));
    await settle();
    expect(app.root.querySelector('[data-test="sign-panel"]')).toBeNull();
  });

  it("unticking «Kèm bản PDF» exports the workbook alone; the panel then asks for a PDF", async () => {
    const app = await mountApp({}, (b) => b.applyEdits("THAI-NGUYEN", "2024-Q2", [{ indicator: "1.1", field: "value", text: "86,97" }]));
    await click(app.root.querySelector('.period-card[data-period="2024-Q2"]')!);
    await settle();
    await act(() => app.root.querySelector<HTMLElement>('[data-tab="export"]')!.click());
    await settle();
    const box = $<HTMLInputElement>(app.root, "#export-with-pdf");
    expect(box.checked).toBe(true);
    await act(() => box.click());
    await settle();
    await act(() => app.root.querySelector<HTMLElement>("#export-submission")!.click());
    await settle();
    await act(() => app.root.querySelector<HTMLElement>("#export-confirm-yes")!.click());
    await settle();
    expect(app.backend.calls.find((c) => c.cmd === "exportSubmission")?.args).toEqual(["THAI-NGUYEN", "2024-Q2", false]);
    expect(app.root.querySelector("#export-pdf-name")).toBeNull();
    await click($(app.root, "#export-sign"));
    await settle();
    expect($(app.root, "#sign-file-name").textContent).toBe("Chưa chọn tệp PDF.");
  });
});
