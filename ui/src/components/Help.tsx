// The short guide (F1): what a person does, in the order they do it.

import { useEffect, useRef } from "preact/hooks";

export function Help({ database, backups, onClose }: { database: string | null; backups: string | null; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div class="modal-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        class="modal help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        tabIndex={-1}
        ref={ref}
        data-test="help"
        onKeyDown={(e) => {
          if (e.key === "Escape" || e.key === "F1") {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div class="modal-head">
          <h2 id="help-title">Hướng dẫn sử dụng</h2>
          <button type="button" class="notice-close" aria-label="Đóng hướng dẫn" title="Đóng (Esc)" onClick={onClose}>
            ×
          </button>
        </div>
        <ol class="help-steps">
          <li>
            <strong>Đơn vị và người lập biểu.</strong> Lần đầu, chọn đơn vị báo cáo (gõ tên, có dấu hay không đều được) rồi điền người
            lập biểu; địa danh ghi trên biểu lấy theo đơn vị, sửa được. Đổi sau bằng nút «Đơn vị, người lập biểu».
          </li>
          <li>
            <strong>Chọn kỳ.</strong> Màn hình đầu liệt kê các kỳ của năm với hạn gửi; bấm một kỳ để mở báo cáo.
          </li>
          <li>
            <strong>Nhập số liệu.</strong> Gõ số vào ô rồi Enter (số thập phân dùng dấu phẩy: 86,97). Mũi tên, Tab để di chuyển; Delete
            để xóa; Ctrl+V để dán một khối ô chép từ Excel. Cột «Loại số liệu»: phím <kbd>C</kbd> (Chính thức) hoặc <kbd>U</kbd> (Ước
            tính). Số liệu được lưu ngay; ô sai được tô đỏ kèm lời giải thích. Ô «Đánh giá xu hướng» còn trống hiện bản nháp mờ:
            <kbd>Ctrl+Enter</kbd> hoặc nút «Nhận» để nhận, <kbd>Enter</kbd> để sửa; <kbd>Ctrl+Z</kbd> hoàn tác.
          </li>
          <li>
            <strong>Nhập từ tệp Excel.</strong> Thẻ «Nhập từ tệp Excel»: chọn tệp, xem trước từng số liệu mới, thay đổi hay có lỗi, rồi
            xác nhận. Chưa có gì được ghi trước khi xác nhận.
          </li>
          <li>
            <strong>Xuất tệp gửi đi.</strong> Thẻ «Xuất tệp»: khi hết lỗi, lưu tệp Phụ lục 01 để gửi. Nếu đã gửi báo cáo bằng cách khác
            (công văn giấy, thư điện tử), đánh dấu «Đã gửi bằng cách khác» ở đó để kỳ không còn hiện quá hạn.
          </li>
          <li>
            <strong>Sao lưu.</strong> Menu «Sao lưu, trợ giúp» → «Sao lưu dữ liệu ra tệp…» để chép số liệu ra USB; «Khôi phục từ bản sao
            lưu…» để lấy lại (số liệu hiện tại được giữ lại một bản). Chương trình cũng tự sao lưu mỗi ngày.
          </li>
        </ol>
        {database && (
          <p class="muted small">
            Số liệu nằm trong tệp <code>{database}</code>
            {backups && (
              <>
                ; các bản tự sao lưu trong <code>{backups}</code>
              </>
            )}
            . Chương trình không dùng mạng.
          </p>
        )}
      </div>
    </div>
  );
}
