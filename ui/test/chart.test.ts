import { describe, expect, it } from "vitest";

import { niceTicks, periodOrdinal, segments } from "../src/chart";

describe("the trend chart's axis", () => {
  it("names round values, never 85,4 or 89,1", () => {
    expect(niceTicks(83.24, 91.26)).toEqual([82, 84, 86, 88, 90, 92]);
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(70, 78.2, 4)).toEqual([70, 72.5, 75, 77.5, 80]);
    for (const t of niceTicks(0.1, 0.7)) expect(String(t)).toMatch(/^\d+(\.\d{1,2})?$/);
    // One value: still a few round ticks around it.
    const one = niceTicks(50, 50);
    expect(one.length).toBeGreaterThan(2);
    expect(one[0]).toBeLessThan(50);
    expect(one[one.length - 1]).toBeGreaterThan(50);
  });

  it("keeps empty quarters in their place and does not join across them", () => {
    expect(periodOrdinal("2024-Q2") - periodOrdinal("2024-Q1")).toBe(1);
    expect(periodOrdinal("2025-Q1") - periodOrdinal("2024-Q4")).toBe(1);
    expect(periodOrdinal("2024")).toBeGreaterThan(periodOrdinal("2024-Q4"));
    expect(periodOrdinal("2024")).toBeLessThan(periodOrdinal("2025-Q1"));
    const pts = ["2023-Q4", "2024-Q1", "2024-Q3", "2024-Q4", "2025-Q2"].map((period) => ({ period }));
    expect(segments(pts).map((s) => s.map((p) => p.period))).toEqual([["2023-Q4", "2024-Q1"], ["2024-Q3", "2024-Q4"], ["2025-Q2"]]);
    // Year reports join each other, never a quarter.
    const mixed = ["2023", "2024-Q3", "2024-Q4", "2024", "2025"].map((period) => ({ period }));
    expect(segments(mixed).map((s) => s.map((p) => p.period))).toEqual([["2024-Q3", "2024-Q4"], ["2023", "2024", "2025"]]);
  });
});
