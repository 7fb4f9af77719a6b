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
            <kbd>Ctrl+Enter</kbd> hoặc nút «Nhận» để nhận, <kbd>Enter</kbd> để sửa (không có bản nháp khi chưa có số liệu kỳ trước, kế hoạch
            hay mục tiêu để so sánh, hoặc khi số liệu đang có lỗi). Bảng «Kiểm tra số liệu» bên phải mở ra hay thu gọn bằng nút ở đầu bảng.
          </li>
          <li>
            <strong>Nhập từ tệp Excel.</strong> Thẻ «Nhập từ tệp Excel»: chọn tệp, xem trước từng số liệu mới, thay đổi hay có lỗi, rồi
            xác nhận. Chưa có gì được ghi trước khi xác nhận.
          </li>
          <li>
            <strong>Xuất tệp gửi đi.</strong> Thẻ «Xuất tệp»: khi hết lỗi, lưu tệp Phụ lục 01 để gửi. Nếu đã gửi báo cáo bằng cách khác
            (công văn giấy, thư điện tử), đánh dấu «Đã gửi bằng cách khác» ở đó để kỳ không còn hiện quá hạn.
          </li>
          <li data-help="restore">
            <strong>Hoàn tác và khôi phục giá trị.</strong> Trong bảng số liệu, <kbd>Ctrl+Z</kbd> hoàn tác thay đổi gần nhất (một lần gõ,
            một lần dán cả khối, một lần nhập từ tệp hay một lần khôi phục); bấm tiếp để lùi thêm. Muốn lấy lại một giá trị cũ hơn: thẻ «Lịch sử»,
            chọn chỉ tiêu, bấm «Khôi phục giá trị này» ở lần sửa cần lấy lại — chỉ tiêu trở về đúng như trước lần sửa đó (số liệu, loại số liệu
            và các cột chữ). Mỗi lần hoàn tác hay khôi phục là một thay đổi mới, có dòng lịch sử riêng; không thay đổi nào bị xóa.
          </li>
          <li data-help="editions">
            <strong>Bộ chỉ tiêu.</strong> Nút «Bộ chỉ tiêu» ở thanh trên liệt kê các bộ chỉ tiêu đã có (năm áp dụng, số chỉ tiêu, nguồn) và
            chỉ tiêu của từng bộ. Khi cơ quan chủ quản gửi biểu mẫu của năm mới, bấm «Chọn tệp…» ở phần «Nạp bộ chỉ tiêu mới», xem khác biệt so
            với bộ trước rồi «Xác nhận nạp»; chưa có gì được lưu trước khi xác nhận. Báo cáo đã có số liệu vẫn giữ bộ cũ: dòng cảnh báo phía trên
            bảng số liệu có nút «Chuyển báo cáo sang bộ …» để xem trước những chỉ tiêu được giữ, bị bỏ, rồi xác nhận chuyển.
          </li>
          <li data-help="agency">
            <strong>Cơ quan nhận báo cáo.</strong> Nút «Tổng hợp báo cáo» ở thanh trên chuyển sang chế độ tổng hợp (chương trình nhớ chế độ
            này cho lần mở sau; nút «Chuyển sang đơn vị báo cáo» để quay lại). Chọn kỳ báo cáo, rồi «Chọn thư mục các tệp báo cáo…» chứa các
            tệp Phụ lục 01 các đơn vị gửi: chương trình đọc mọi tệp .xlsx, .xlsm, .xls, .ods trong thư mục và thư mục con mà không sửa tệp nào,
            rồi cho biết đơn vị nào nộp đúng hạn, nộp muộn, chưa nộp, tệp nào không thuộc danh sách hay không dùng được. «Đọc lại thư mục» khi có
            tệp mới; «Xuất bảng tổng hợp Excel…» để lưu bảng tổng hợp.
          </li>
          <li>
            <strong>Sao lưu.</strong> Menu «Sao lưu, trợ giúp» → «Sao lưu dữ liệu ra tệp…» để chép số liệu ra USB; «Khôi phục từ bản sao
            lưu…» để lấy lại (số liệu hiện tại được giữ lại một bản). Chương trình cũng tự sao lưu mỗi ngày.
          </li>
          <li>
            <strong>Ký số.</strong> Sau khi xuất báo cáo bấm «Ký số…», hoặc menu «Sao lưu, trợ giúp» → «Ký số tệp PDF…». Chọn tệp PDF và
            trình điều khiển token, nhập mã PIN, bấm «Xem chứng thư» để kiểm tra người giữ và thời hạn, rồi «Ký». Bản đã ký nằm cạnh tệp gốc
            (tên kết thúc bằng «-da-ky.pdf»). Mã PIN không được lưu lại.
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
