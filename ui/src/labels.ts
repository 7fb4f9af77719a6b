// Vietnamese labels of the core's enums (the core owns the values).

import type { Change, ReportState, Severity, UnitStatus, UnitType } from "./api";

export const STATE_LABELS: Record<ReportState, string> = {
  no_figures: "Chưa có số liệu",
  in_progress: "Đang nhập",
  has_errors: "Có lỗi",
  ready: "Sẵn sàng xuất",
  exported: "Đã xuất",
  changed_since_export: "Đã sửa sau khi xuất",
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  error: "Lỗi",
  warning: "Cảnh báo",
  info: "Thông tin",
};

export const CHANGE_LABELS: Record<Change, string> = {
  new: "Mới",
  changed: "Thay đổi",
  unchanged: "Không đổi",
  error: "Có lỗi",
};

export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  ministry: "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
  province: "Tỉnh, thành phố trực thuộc Trung ương",
  department: "Đơn vị thuộc bộ",
  custom: "Đơn vị khác",
};

/** A unit's standing in a consolidation (the core decides it). */
export const UNIT_STATUS_LABELS: Record<UnitStatus, string> = {
  on_time: "Đúng hạn",
  late: "Nộp muộn",
  missing: "Chưa nộp",
  unexpected: "Không thuộc danh sách",
};
