// Per-indicator statistics of a consolidation, each with its distribution
// over the units, then the outliers and the figures left out.

import { useState } from "preact/hooks";

import type { AgencyView } from "../../api";
import { formatVi } from "../../format";
import { Distribution } from "./Distribution";

const num = (v: number | null) => (v === null ? "—" : formatVi(v));
/** A plan or target as the catalogue writes it; a dash is none. */
const given = (t: string) => (["", "-", "—", "–"].includes(t.trim()) ? "" : t);

export function IndicatorStats({ view }: { view: AgencyView }) {
  const [all, setAll] = useState(false);
  const unreported = view.indicators.filter((i) => i.count === 0).length;
  const shown = all ? view.indicators : view.indicators.filter((i) => i.count > 0);
  if (view.indicators.length === 0) return <p class="muted agency-none">Chưa có số liệu nào để thống kê.</p>;
  return (
    <div class="agency-stats">
      <p class="muted small">
        Trung bình là trung bình cộng không trọng số của các đơn vị (tỷ lệ của các đơn vị có quy mô khác nhau không cộng dồn được): không phải số liệu cả nước.
      </p>
      <table class="agency-table" data-test="agency-stats">
        <thead>
          <tr>
            <th>Chỉ tiêu</th>
            <th class="num">Số đơn vị</th>
            <th class="num">Nhỏ nhất</th>
            <th class="num">Trung vị</th>
            <th class="num">Lớn nhất</th>
            <th class="num">Trung bình</th>
            <th class="num">Đạt kế hoạch</th>
            <th class="num">Đạt mục tiêu</th>
            <th>Phân bố</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={i.indicator} data-indicator={i.indicator}>
              <td>
                <div>
                  <strong>{i.indicator}</strong> {i.name}
                </div>
                {(given(i.plan) || given(i.target)) && (
                  <div class="muted small">
                    {given(i.plan) && <>Kế hoạch {i.plan}</>}
                    {given(i.plan) && given(i.target) && " · "}
                    {given(i.target) && <>Mục tiêu {i.target}</>}
                  </div>
                )}
              </td>
              <td class="num">{i.count}</td>
              <td class="num">{num(i.min)}</td>
              <td class="num">{num(i.median)}</td>
              <td class="num">{num(i.max)}</td>
              <td class="num">{num(i.mean)}</td>
              <td class="num">{i.met_plan === null ? "—" : `${i.met_plan}/${i.count}`}</td>
              <td class="num">{i.met_target === null ? "—" : `${i.met_target}/${i.count}`}</td>
              <td>
                <Distribution values={i.values} median={i.median} unit={i.unit} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {unreported > 0 && (
        <p class="muted small">
          {all ? "Đang hiện cả" : "Còn"} {unreported} chỉ tiêu chưa đơn vị nào báo cáo.{" "}
          <button type="button" class="btn-link" onClick={() => setAll(!all)} id="agency-stats-all">
            {all ? "Chỉ hiện các chỉ tiêu có số liệu" : "Hiện cả các chỉ tiêu này"}
          </button>
        </p>
      )}
      {view.outliers.length > 0 && (
        <>
          <h3>Số liệu bất thường ({view.outliers.length})</h3>
          <ul data-test="agency-outliers">
            {view.outliers.map((o, k) => (
              <li key={k}>
                {unitName(view, o.unit)} · chỉ tiêu {o.indicator} = {formatVi(o.value)}: {o.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {view.left_out.length > 0 && (
        <>
          <h3>Số liệu có lỗi, không đưa vào thống kê ({view.left_out.length})</h3>
          <ul>
            {view.left_out.map((l, k) => (
              <li key={k}>
                {unitName(view, l.unit)} · chỉ tiêu {l.indicator} «{l.raw}»: {l.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function unitName(view: AgencyView, code: string): string {
  return view.units.find((u) => u.code === code)?.name ?? code;
}
