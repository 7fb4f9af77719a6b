// An indicator's figures over the unit's periods, against the plans and the
// final target: a small hand-made SVG chart and the same data as a table.

import { useEffect, useState } from "preact/hooks";

import type { ReportView, Trend } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { niceTicks, periodOrdinal, segments } from "../chart";
import { formatVi, periodLabel, shortPeriod } from "../format";
import { carriesFigure, STATUS_LABELS } from "../grid";
import { ErrorNotice, Spinner } from "./common";

export function TrendPanel({ view, indicator, onIndicator }: { view: ReportView; indicator: string | null; onIndicator: (code: string) => void }) {
  const backend = useBackend();
  const figureRows = view.rows.filter((r) => carriesFigure(r.kind));
  const code = indicator ?? figureRows[0]?.code ?? null;
  const [trend, setTrend] = useState<Trend | null>(null);
  const [error, setError] = useState<BackendError | null>(null);

  useEffect(() => {
    if (!code) return;
    setTrend(null);
    setError(null);
    backend.trend(view.unit_code, view.period, code).then(setTrend, (e) => setError(BackendError.from(e)));
  }, [view, code]);

  return (
    <div class="panel trend-panel" data-test="trend">
      <div class="panel-head">
        <h2>Xu hướng qua các kỳ</h2>
        <label class="inline">
          Chỉ tiêu{" "}
          <select id="trend-indicator" value={code ?? ""} onChange={(e) => onIndicator((e.target as HTMLSelectElement).value)}>
            {figureRows.map((r) => (
              <option key={r.code} value={r.code}>
                {r.code} — {r.name.length > 80 ? r.name.slice(0, 80) + "…" : r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorNotice error={error} />}
      {!trend && !error && <Spinner label="Đang tải…" />}
      {trend && (
        <>
          <p class="trend-name">
            <strong>{trend.indicator}</strong> {trend.name} <span class="muted">({trend.unit})</span>
          </p>
          {trend.kind === "rank" && <p class="muted small">Thứ hạng: số càng nhỏ càng tốt, nên trục dọc được đảo ngược (hạng tốt ở trên).</p>}
          <TrendChart trend={trend} year={view.plan_year} />
          {trend.points.length > 0 && (
            <table class="data trend-table">
              <thead>
                <tr>
                  <th>Kỳ</th>
                  <th>Số liệu</th>
                  <th>Loại số liệu</th>
                </tr>
              </thead>
              <tbody>
                {trend.points.map((p) => (
                  <tr key={p.period}>
                    <td>{periodLabel(p.period)}</td>
                    <td class="num">{formatVi(p.value)}</td>
                    <td>{p.status ? STATUS_LABELS[p.status] : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}

const W = 780;
const H = 320;
const PAD = { left: 56, right: 170, top: 24, bottom: 46 };

export function TrendChart({ trend, year }: { trend: Trend; year: number }) {
  const points = trend.points;
  const years = new Set<number>([year, ...points.map((p) => Number(p.period.slice(0, 4)))]);
  const plans = trend.plans.filter(([y, , v]) => v !== null && years.has(y)) as [number, string, number][];
  const target = trend.target_value;
  const values = [...points.map((p) => p.value), ...plans.map(([, , v]) => v), ...(target !== null ? [target] : [])];
  if (points.length === 0) {
    return <div class="chart-empty">Chưa có số liệu nào của chỉ tiêu này ở các kỳ đã lưu.</div>;
  }
  // Round ticks around the values (a share stays within 0–100, a rank from 1).
  let ticks = niceTicks(Math.min(...values), Math.max(...values));
  if (trend.kind === "share") ticks = ticks.filter((t) => t >= 0 && t <= 100);
  if (trend.kind === "rank") ticks = ticks.filter((t) => t >= 1 || t === ticks[ticks.length - 1]);
  const lo = Math.min(ticks[0], ...values);
  const hi = Math.max(ticks[ticks.length - 1], ...values);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const invert = trend.kind === "rank";
  const y = (v: number) => {
    const t = (v - lo) / (hi - lo || 1);
    return invert ? PAD.top + t * innerH : PAD.top + (1 - t) * innerH;
  };
  // Periods keep their place on the time axis: an empty quarter is a gap.
  const first = periodOrdinal(points[0].period);
  const slots = periodOrdinal(points[points.length - 1].period) - first;
  const xOf = (period: string) => (slots === 0 ? PAD.left + innerW / 2 : PAD.left + ((periodOrdinal(period) - first) / slots) * innerW);
  const x = (i: number) => xOf(points[i].period);
  // Reference lines (plans, target), their labels kept 14 px apart.
  const lines = [
    ...plans.map(([py, text, v]) => ({ key: `plan-${py}`, cls: "plan-line", value: v, text: `Kế hoạch ${py}: ${text}`, labelY: 0 })),
    ...(target !== null ? [{ key: "target", cls: "target-line", value: target, text: `Mục tiêu ${trend.target_year}: ${trend.target}`, labelY: 0 }] : []),
  ].sort((a, b) => y(a.value) - y(b.value));
  let lastY = -Infinity;
  for (const l of lines) {
    l.labelY = Math.max(y(l.value), lastY + 14);
    lastY = l.labelY;
  }
  const path = segments(points)
    .map((run) => run.map((p, i) => `${i === 0 ? "M" : "L"}${xOf(p.period).toFixed(1)},${y(p.value).toFixed(1)}`).join(" "))
    .join(" ");
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Biểu đồ xu hướng chỉ tiêu ${trend.indicator}`} data-test="trend-chart">
      {ticks.map((t, i) => (
        <g key={i}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class="grid-line" />
          <text x={PAD.left - 8} y={y(t) + 4} class="axis-label" text-anchor="end">
            {formatVi(t)}
          </text>
        </g>
      ))}
      {lines.map((l) => (
        <g key={l.key} class={l.cls}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(l.value)} y2={y(l.value)} />
          <text x={W - PAD.right + 8} y={l.labelY + 4}>
            {l.text}
          </text>
        </g>
      ))}
      <path d={path} class="series" />
      {points.map((p, i) => (
        <g key={p.period}>
          <circle cx={x(i)} cy={y(p.value)} r={5} class={p.status === "estimate" ? "pt pt-estimate" : "pt"} />
          <text x={x(i)} y={y(p.value) - 10} class="pt-label" text-anchor="middle">
            {formatVi(p.value)}
          </text>
          <text x={x(i)} y={H - PAD.bottom + 20} class="axis-label" text-anchor="middle">
            {shortPeriod(p.period)}
          </text>
        </g>
      ))}
      <g class="legend" transform={`translate(${PAD.left}, ${H - 10})`}>
        <circle cx={4} cy={-4} r={4} class="pt" />
        <text x={14} y={0}>Chính thức</text>
        <circle cx={104} cy={-4} r={4} class="pt pt-estimate" />
        <text x={114} y={0}>Ước tính</text>
      </g>
    </svg>
  );
}
