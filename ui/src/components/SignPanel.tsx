// «Ký số»: the PDF to sign, the token's driver (the usual ones, those on
// this machine first, or a file picked in a native dialog), the PIN, the
// certificate shown before signing, and where the signed copy went. The PIN
// lives only in the password field's state while the panel is open: it is
// never stored, and is cleared after each use and when the panel closes.

import { useEffect, useState } from "preact/hooks";

import type { PickedFile, SignDone, SigningDrivers, TokenCertificate } from "../api";
import { BackendError } from "../api";
import { useBackend } from "../context";
import { sizeText } from "../format";
import { ErrorNotice, Notice, Spinner } from "./common";

export function SignPanel({ file: initial, onClose }: { file?: PickedFile | null; onClose: () => void }) {
  const backend = useBackend();
  const [file, setFile] = useState<PickedFile | null>(initial ?? null);
  const [drivers, setDrivers] = useState<SigningDrivers | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [driver, setDriver] = useState("");
  const [pin, setPin] = useState("");
  const [certs, setCerts] = useState<TokenCertificate[] | null>(null);
  const [chosen, setChosen] = useState(0);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<BackendError | null>(null);
  const [done, setDone] = useState<SignDone | null>(null);
  const [revealError, setRevealError] = useState<BackendError | null>(null);

  useEffect(() => {
    backend
      .signingDrivers()
      .then((d) => {
        setDrivers(d);
        const first = d.last ?? d.suggestions.find((s) => s.present)?.path ?? "";
        setDriver(first);
      })
      .catch((e) => setError(BackendError.from(e)));
  }, []);

  const chooseDriver = (path: string) => {
    setDriver(path);
    setCerts(null);
    setError(null);
  };

  const pickDriver = async () => {
    setError(null);
    try {
      const path = await backend.pickSigningDriver();
      if (path) {
        if (!picked.includes(path)) setPicked([...picked, path]);
        chooseDriver(path);
      }
    } catch (e) {
      setError(BackendError.from(e));
    }
  };

  const pickFile = async () => {
    setError(null);
    try {
      const f = await backend.pickSignFile();
      if (f) {
        setFile(f);
        setDone(null);
      }
    } catch (e) {
      setError(BackendError.from(e));
    }
  };

  const look = async () => {
    setBusy("Đang đọc chứng thư số trên token…");
    setError(null);
    setCerts(null);
    try {
      const found = await backend.signingCertificates(driver, pin);
      setCerts(found);
      setChosen(0);
    } catch (e) {
      setError(BackendError.from(e));
      setPin("");
    } finally {
      setBusy(null);
    }
  };

  const cert = certs?.[chosen] ?? null;

  const sign = async () => {
    if (!file || !cert) return;
    setBusy("Đang ký số…");
    setError(null);
    setDone(null);
    setRevealError(null);
    try {
      setDone(await backend.signPdf(file.token, driver, pin, cert.token, cert.key));
    } catch (e) {
      setError(BackendError.from(e));
    } finally {
      setPin("");
      setBusy(null);
    }
  };

  const reveal = async (token: string) => {
    setRevealError(null);
    try {
      await backend.revealExport(token);
    } catch (e) {
      setRevealError(BackendError.from(e));
    }
  };

  const close = () => {
    setPin("");
    onClose();
  };

  const present = drivers?.suggestions.filter((s) => s.present) ?? [];
  const absent = drivers?.suggestions.filter((s) => !s.present) ?? [];
  const known = new Set(drivers?.suggestions.map((s) => s.path) ?? []);
  const others = [...(drivers?.last && !known.has(drivers.last) ? [drivers.last] : []), ...picked.filter((p) => !known.has(p) && p !== drivers?.last)];

  return (
    <div class="modal-backdrop" role="presentation">
      <div class="modal sign-panel" role="dialog" aria-modal="true" aria-labelledby="sign-title" data-test="sign-panel" onKeyDown={(e) => e.key === "Escape" && close()}>
        <div class="modal-head">
          <h2 id="sign-title">Ký số tệp PDF</h2>
          <button type="button" class="notice-close" aria-label="Đóng" title="Đóng" onClick={close}>
            ×
          </button>
        </div>

        <section class="sign-step">
          <h3>Tệp cần ký</h3>
          <div class="sign-row">
            <span id="sign-file-name" class={file ? "" : "muted"}>
              {file ? file.file_name : "Chưa chọn tệp PDF."}
            </span>
            <button type="button" class="btn" id="sign-pick-file" onClick={pickFile} disabled={busy !== null}>
              {file ? "Chọn tệp khác…" : "Chọn tệp PDF…"}
            </button>
          </div>
        </section>

        <section class="sign-step">
          <h3>
            <label for="sign-driver">Trình điều khiển token (PKCS#11)</label>
          </h3>
          <div class="sign-row">
            <select id="sign-driver" value={driver} onChange={(e) => chooseDriver((e.target as HTMLSelectElement).value)} disabled={busy !== null}>
              <option value="">— Chọn trình điều khiển —</option>
              {others.length > 0 && (
                <optgroup label="Đã dùng hoặc đã chọn">
                  {others.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </optgroup>
              )}
              {present.length > 0 && (
                <optgroup label="Có trên máy này">
                  {present.map((s) => (
                    <option key={s.path} value={s.path}>
                      {s.issuer} — {s.path}
                    </option>
                  ))}
                </optgroup>
              )}
              {absent.length > 0 && (
                <optgroup label="Thường gặp (chưa thấy trên máy này)">
                  {absent.map((s) => (
                    <option key={s.path} value={s.path} disabled>
                      {s.issuer} — {s.path}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
            <button type="button" class="btn" id="sign-pick-driver" onClick={pickDriver} disabled={busy !== null}>
              Chọn tệp…
            </button>
          </div>
          {drivers && !driver && (
            <p class="muted" data-test="sign-no-driver">
              Chưa chọn trình điều khiển token. Trên máy này không thấy trình điều khiển nào thường gặp: hãy cài phần mềm token của nơi cấp chứng thư
              số (VNPT-CA, Viettel-CA, BKAV-CA, FPT-CA…), hoặc bấm «Chọn tệp…» để chọn tệp trình điều khiển (thường nằm trong C:\Windows\System32).
            </p>
          )}
        </section>

        <section class="sign-step">
          <h3>
            <label for="sign-pin">Mã PIN của token</label>
          </h3>
          <div class="sign-row">
            <input
              id="sign-pin"
              type="password"
              autocomplete="off"
              value={pin}
              onInput={(e) => setPin((e.target as HTMLInputElement).value)}
              onKeyDown={(e) => e.key === "Enter" && driver && pin && !busy && look()}
              disabled={busy !== null}
            />
            <button type="button" class="btn" id="sign-look" onClick={look} disabled={busy !== null || !driver || !pin}>
              Xem chứng thư
            </button>
          </div>
          <p class="muted small">Mã PIN chỉ được chuyển cho token, không được lưu lại. Nhập sai nhiều lần, token sẽ bị khoá.</p>
        </section>

        {certs && certs.length === 0 && (
          <Notice kind="warning">Token không có chứng thư số nào đi kèm khoá ký: hãy dùng token do nơi cấp chứng thư số cài đặt.</Notice>
        )}
        {certs && certs.length > 0 && (
          <section class="sign-step">
            <h3>Chứng thư số</h3>
            <ul class="sign-certs">
              {certs.map((c, i) => (
                <li key={`${c.token}/${c.key}`} data-test="sign-certificate" class={c.can_sign ? "can-sign" : "cannot-sign"}>
                  <label>
                    {certs.length > 1 && <input type="radio" name="sign-cert" checked={i === chosen} onChange={() => setChosen(i)} />}
                    <dl class="result-facts">
                      <dt>Người giữ</dt>
                      <dd class="sign-holder">{c.holder}</dd>
                      <dt>Cơ quan</dt>
                      <dd>{c.organization ?? "—"}</dd>
                      <dt>Hiệu lực</dt>
                      <dd>
                        từ {c.valid_from} đến {c.valid_to}
                      </dd>
                      <dt>Số hiệu</dt>
                      <dd class="path">{c.serial}</dd>
                      <dt>Ký được</dt>
                      <dd class="sign-can">{c.can_sign ? "Có — dùng được để ký ngay" : c.problem}</dd>
                    </dl>
                  </label>
                </li>
              ))}
            </ul>
          </section>
        )}

        {busy && <Spinner label={busy} />}
        {error && (
          <div data-test="sign-error">
            <ErrorNotice error={error} onClose={() => setError(null)} />
          </div>
        )}

        {done && (
          <div data-test="sign-result">
            <Notice kind="ok">
              <div class="result-title">Đã ký số</div>
              <dl class="result-facts">
                <dt>Tệp đã ký</dt>
                <dd id="sign-result-file">{done.file_name}</dd>
                <dt>Thư mục</dt>
                <dd class="path">{done.folder}</dd>
                <dt>Người ký</dt>
                <dd>
                  {done.signed.signer}
                  {done.signed.organization ? ` — ${done.signed.organization}` : ""}
                </dd>
                <dt>Thời gian ký</dt>
                <dd>{done.signed.signed_at}</dd>
                <dt>Dung lượng</dt>
                <dd>{sizeText(done.signed.bytes)}</dd>
              </dl>
              <button type="button" id="sign-reveal" class="btn" onClick={() => reveal(done.token)}>
                Mở thư mục chứa tệp
              </button>
            </Notice>
            {revealError && <ErrorNotice error={revealError} />}
          </div>
        )}

        <div class="actions">
          <button type="button" class="btn" onClick={close}>
            Đóng
          </button>
          <button
            type="button"
            class="btn btn-primary"
            id="sign-do"
            disabled={busy !== null || !file || !cert || !cert.can_sign || !pin}
            title={!cert ? "Hãy nhập mã PIN và bấm «Xem chứng thư» trước" : undefined}
            onClick={sign}
          >
            Ký
          </button>
        </div>
      </div>
    </div>
  );
}
