// The trend chart's model: where periods sit on the time axis (empty
// quarters keep their place, and the line breaks there) and which values
// the vertical axis names (round numbers: 80, 85, 90 — never 85,4).

/** A period's place on the time axis, in quarters; a year report sits just after its Q4. */
export function periodOrdinal(period: string): number {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return Number(q[1]) * 4 + Number(q[2]) - 1;
  const y = /^(\d{4})$/.exec(period);
  return y ? Number(y[1]) * 4 + 3.5 : NaN;
}

const isYear = (period: string) => /^\d{4}$/.test(period);

/**
 * The runs of points to join with a line: consecutive quarters, or
 * consecutive year reports (a quarter is never joined to a year report). A
 * period with no figure breaks the line.
 */
export function segments<T extends { period: string }>(points: T[]): T[][] {
  const out: T[][] = [];
  for (const years of [false, true]) {
    let run: T[] = [];
    let last = NaN;
    for (const p of points.filter((x) => isYear(x.period) === years)) {
      const o = periodOrdinal(p.period);
      if (run.length > 0 && o !== last + (years ? 4 : 1)) {
        out.push(run);
        run = [];
      }
      run.push(p);
      last = o;
    }
    if (run.length > 0) out.push(run);
  }
  return out;
}

/** A step of 1, 2, 2,5 or 5 times a power of ten, near `raw`. */
function niceStep(raw: number): number {
  const exp = Math.floor(Math.log10(raw));
  const base = 10 ** exp;
  const f = raw / base;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return m * base;
}

/**
 * Round tick values covering [lo, hi] with at most `count` + 1 ticks; the
 * axis then runs from the first tick to the last.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / count);
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let i = 0; first + i * step <= last + step * 1e-9; i++) {
    // Rounded to the step's decimals: no 0.30000000000000004.
    ticks.push(Number((first + i * step).toFixed(Math.max(0, -Math.floor(Math.log10(step)) + 1))));
  }
  return ticks;
}
