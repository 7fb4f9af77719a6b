import { describe, expect, it } from "vitest";

import { daysLeftText, displayFigure, fold, formatVi, periodLabel, shortPeriod, sizeText, localDateTime, vnDate } from "../src/format";

describe("numbers the vi-VN way", () => {
  it("formats like the core's format_vi: decimal comma, no grouping, no trailing zeros", () => {
    expect(formatVi(86.97)).toBe("86,97");
    expect(formatVi(85)).toBe("85");
    expect(formatVi(85.5)).toBe("85,5");
    expect(formatVi(0.855)).toBe("0,855");
    expect(formatVi(-3.5)).toBe("-3,5");
    expect(formatVi(-0)).toBe("0");
    expect(formatVi(1234.5)).toBe("1234,5");
    expect(formatVi(100)).toBe("100");
    expect(formatVi(1e-7)).toBe("0,0000001");
    expect(formatVi(1.5e21)).toBe("1500000000000000000000");
  });

  // Issue 11, point 2: at most the 15 significant digits a cell shows.
  it("never shows binary-float noise", () => {
    expect(formatVi(91.29999999999998)).toBe("91,3");
    expect(formatVi(7.200000000000001)).toBe("7,2");
    expect(formatVi(0.1 + 0.2)).toBe("0,3");
    expect(formatVi(123456789012345)).toBe("123456789012345");
    expect(displayFigure(0.913 * 100, "91,3%")).toBe("91,3");
  });

  it("shows the typed text when it does not parse", () => {
    expect(displayFigure(86.97, "86.97")).toBe("86,97");
    expect(displayFigure(null, "abc")).toBe("abc");
    expect(displayFigure(null, "")).toBe("");
  });
});

describe("dates and deadlines", () => {
  it("says days left, and overdue the way the core counts it", () => {
    expect(daysLeftText(4)).toBe("còn 4 ngày");
    expect(daysLeftText(1)).toBe("còn 1 ngày");
    expect(daysLeftText(0)).toBe("quá hạn 1 ngày");
    expect(daysLeftText(-5)).toBe("quá hạn 6 ngày");
  });

  // Issue 11, point 8: one clock. Stored instants show in the machine's
  // time zone, the zone of "Đã lưu lúc" (new Date().getHours()).
  it("shows stored UTC instants in the machine's local time", () => {
    // Node reads TZ again whenever it is set.
    const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;
    const zone = env.TZ;
    try {
      env.TZ = "Asia/Ho_Chi_Minh";
      expect(localDateTime("2024-07-01T03:00:00Z")).toBe("01/07/2024 10:00");
      expect(localDateTime("2024-12-31T20:30:00Z")).toBe("01/01/2025 03:30");
      const now = new Date();
      expect(localDateTime(now.toISOString()).slice(-5)).toBe(`${String(now.getHours()).padStart(2, "0")}:${String(now.getMinutes()).padStart(2, "0")}`);
      env.TZ = "UTC";
      expect(localDateTime("2026-12-01T09:02:00Z")).toBe("01/12/2026 09:02");
    } finally {
      if (zone === undefined) delete env.TZ;
      else env.TZ = zone;
    }
    expect(localDateTime("không phải")).toBe("không phải");
    expect(vnDate("2024-07-05")).toBe("05/07/2024");
  });

  it("labels periods", () => {
    expect(periodLabel("2024-Q2")).toBe("Quý II năm 2024");
    expect(periodLabel("2024-Q4")).toBe("Quý IV năm 2024");
    expect(periodLabel("2024")).toBe("Năm 2024");
    expect(shortPeriod("2023-Q4")).toBe("Q4/2023");
    expect(sizeText(12800)).toBe("12,5 KB");
  });
});

describe("search folding", () => {
  it("ignores diacritics and case", () => {
    expect(fold("Tỉnh Thái Nguyên")).toBe("tinh thai nguyen");
    expect(fold("ĐÀ NẴNG")).toBe("da nang");
  });
});
