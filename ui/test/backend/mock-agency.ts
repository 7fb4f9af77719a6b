// The receiving agency's sample consolidation for the mock backend (UI
// tests, and trying the UI in a browser). The real rules are the core's.

import type { AgencyFigure, AgencySignature, AgencyUnit, AgencyView } from "../../src/api";

// The «Ký số» column's words, as the core writes them (SignatureStatus::label_vi).
const SIGNING: Record<AgencyUnit["signing"], string> = {
  matches: "Đã ký — khớp số liệu",
  differs: "Đã ký — KHÔNG khớp tệp Excel",
  not_intact: "Chữ ký không còn nguyên vẹn",
  unsigned: "Chưa có bản ký",
};

/** A unit's line with its signed PDF, as the core pairs it. */
function signed(u: AgencyUnit, file_name: string, intact: boolean, matches_submission: boolean): AgencyUnit {
  const signature: AgencySignature = {
    signer: "Nguyễn Thị Hồng Hạnh (Sở Thông tin và Truyền thông tỉnh Thái Nguyên)",
    intact,
    matches_submission,
    file_name,
  };
  const signing = !intact ? "not_intact" : matches_submission ? "matches" : "differs";
  return { ...u, signature, signing, signing_label: SIGNING[signing] };
}

function unitLine(
  code: string,
  name: string,
  status: AgencyUnit["status"],
  file: string | null,
  at: string | null,
  values: [string, number | null, string, string | null][],
  latest: string | null = at,
): AgencyUnit {
  const figures: AgencyFigure[] = values.map(([indicator, value, raw, error]) => ({ indicator, value, raw, estimate: false, error }));
  return {
    code,
    name,
    status,
    file_name: file,
    received_at: at,
    received_from: at ? "file" : null,
    received_reason: null,
    corrections: [],
    latest_at: latest,
    exported_at: null,
    edited_after_export: false,
    figures: figures.length,
    errors: figures.filter((f) => f.error).length,
    message: status === "unexpected" ? "Đơn vị này không còn tồn tại trong kỳ báo cáo (đã hợp nhất vào Tỉnh Tuyên Quang từ 01/07/2025)." : null,
    values: figures,
    signing: "unsigned",
    signing_label: SIGNING.unsigned,
    signature: null,
  };
}

export function sampleConsolidation(folder: string): AgencyView {
  const units: AgencyUnit[] = [
    signed(
      unitLine("HA-NOI", "Thành phố Hà Nội", "on_time", "hanoi-lan2.xlsx", "2025-10-01T09:00:00+07:00", [["1.1", 59.5, "59,5", null], ["1.2", 48, "48", null]], "2025-10-10T09:00:00+07:00"),
      "hanoi-lan1-da-ky.pdf",
      true,
      false,
    ),
    signed(
      unitLine("THAI-NGUYEN", "Tỉnh Thái Nguyên", "on_time", "PL01_THAI-NGUYEN_2025-Q3.xlsx", "2025-10-02T09:00:00+07:00", [["1.1", 61, "61", null], ["1.2", 45, "45", null]]),
      "PL01_THAI-NGUYEN_2025-Q3.pdf",
      true,
      true,
    ),
    signed(unitLine("LANG-SON", "Tỉnh Lạng Sơn", "late", "lang-son.xlsx", "2025-10-05T00:15:00+07:00", [["1.1", 62.5, "62,5%", null]]), "lang-son.pdf", false, true),
    unitLine("HA-TINH", "Tỉnh Hà Tĩnh", "on_time", "ha-tinh.xlsx", "2025-10-02T08:00:00+07:00", [["1.1", 135, "135", "Tỷ lệ phải từ 0 đến 100%, đơn vị ghi 135."]]),
    unitLine("BYT", "Bộ Y tế", "missing", null, null, []),
    unitLine("HA-GIANG", "Tỉnh Hà Giang", "unexpected", "ha-giang.xlsx", "2025-10-02T08:00:00+07:00", [["1.1", 66, "66", null]]),
  ];
  return {
    period: "2025-Q3",
    period_label: "Quý III năm 2025",
    deadline: "trước ngày 05/10/2025",
    folder,
    expected: 5,
    received: 4,
    on_time: 3,
    late: 1,
    missing: 1,
    unexpected: 1,
    units,
    indicators: [
      {
        indicator: "1.1",
        name: "Tỷ lệ hồ sơ giải quyết thủ tục hành chính được thực hiện trực tuyến",
        unit: "%",
        count: 4,
        min: 59.5,
        median: 61.75,
        max: 66,
        mean: 62.25,
        met_plan: 2,
        met_target: 1,
        plan: "≥ 60%",
        target: "≥ 80%",
        rank: false,
        values: [59.5, 61, 62.5, 66],
      },
      {
        indicator: "1.2",
        name: "Tỷ lệ dịch vụ công trực tuyến toàn trình",
        unit: "%",
        count: 2,
        min: 45,
        median: 46.5,
        max: 48,
        mean: 46.5,
        met_plan: null,
        met_target: 0,
        plan: "",
        target: "≥ 80%",
        rank: false,
        values: [45, 48],
      },
    ],
    outliers: [{ unit: "THANH-HOA", indicator: "1.1", value: 20, reason: "Cách xa các đơn vị khác (z hiệu chỉnh −5,2)" }],
    revisions: [
      {
        unit: "HA-NOI",
        files: [`${folder}/hanoi-lan1.xlsx`, `${folder}/hanoi-lan2.xlsx`],
        received: [
          { file: `${folder}/hanoi-lan1.xlsx`, received_at: "2025-10-01T09:00:00+07:00", received_from: "export", exported_at: "2025-10-01T09:00:00+07:00", after_deadline: false },
          { file: `${folder}/hanoi-lan2.xlsx`, received_at: "2025-10-10T09:00:00+07:00", received_from: "file", exported_at: null, after_deadline: true },
        ],
        changes: [
          { file: `${folder}/hanoi-lan2.xlsx`, indicator: "1.1", what: "value", old: "58", new: "59,5" },
          { file: `${folder}/hanoi-lan2.xlsx`, indicator: "1.1", what: "status", old: "Ước tính", new: "Chính thức" },
          { file: `${folder}/hanoi-lan2.xlsx`, indicator: "1.2", what: "added", old: "", new: "48" },
        ],
      },
    ],
    rejected: [
      {
        file: `${folder}/hong.xlsx`,
        message: "Tệp «hong.xlsx» bị hỏng hoặc không đúng định dạng: tệp nén hỏng hoặc bị cắt cụt. Hãy mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại dạng .xlsx rồi nhập lại.",
        detail: "invalid Zip archive: Could not find EOCD",
      },
    ],
    other_period: [{ file: `${folder}/quang-ninh-q2.xlsx`, period: "2025-Q2" }],
    left_out: [{ unit: "HA-TINH", indicator: "1.1", raw: "135", message: "Tỷ lệ phải từ 0 đến 100%." }],
    ignored_files: 1,
    warnings: [],
  };
}
