// A small distribution chart of one indicator over the units: a dot per
// unit's figure on a line from the lowest to the highest, the median marked.

import { formatVi } from "../../format";

const W = 180;
const H = 30;
const PAD = 6;

export function Distribution({ values, median, unit }: { values: number[]; median: number | null; unit: string }) {
  if (values.length === 0) return <span class="muted">—</span>;
  const share = unit === "%";
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (share) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 100);
  }
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const x = (v: number) => PAD + ((v - lo) / (hi - lo)) * (W - 2 * PAD);
  const label = `Phân bố ${values.length} số liệu, từ ${formatVi(Math.min(...values))} đến ${formatVi(Math.max(...values))}${median !== null ? `, trung vị ${formatVi(median)}` : ""}`;
  return (
    <svg class="dist" width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-test="distribution">
      <title>{label}</title>
      <line x1={PAD} x2={W - PAD} y1={H / 2} y2={H / 2} class="dist-axis" />
      <text x={PAD} y={H - 1} class="dist-tick">
        {formatVi(lo)}
      </text>
      <text x={W - PAD} y={H - 1} class="dist-tick" text-anchor="end">
        {formatVi(hi)}
      </text>
      {median !== null && <line x1={x(median)} x2={x(median)} y1={4} y2={H - 10} class="dist-median" />}
      {values.map((v, i) => (
        <circle key={i} cx={x(v)} cy={H / 2 - 2} r={3.5} class="dist-dot" />
      ))}
    </svg>
  );
}
