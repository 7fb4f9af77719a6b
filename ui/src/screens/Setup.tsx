// First run (and later "Đơn vị, người lập"): the reporting unit, then the
// preparer printed on the form. The preparer's details are the chosen
// unit's own: they load with the unit, and a save sends the details loaded
// for that unit (the core refuses another unit's).

import { useEffect, useRef, useState } from "preact/hooks";

import type { Profile, Unit, UnitHit, UnitType } from "../api";
import { BackendError } from "../api";
import { ErrorNotice } from "../components/common";
import { useBackend } from "../context";
import { vnDate } from "../format";
import { UNIT_TYPE_LABELS } from "../labels";

const EMPTY_PROFILE: Profile = { unit: "", preparer: "", phone: "", email: "", head: "", place: "" };

export function Setup({
  unit: initialUnit,
  profile: initialProfile,
  firstRun,
  onDone,
  onCancel,
  onAgency,
}: {
  unit: Unit | null;
  profile: Profile | null;
  firstRun: boolean;
  onDone: (unit: Unit, profile: Profile) => void;
  onCancel?: () => void;
  /** The installation is a receiving agency instead (consolidates units' files). */
  onAgency?: () => void;
}) {
  const backend = useBackend();
  const [query, setQuery] = useState("");
  const [results, setResults] = useState<UnitHit[]>([]);
  const [active, setActive] = useState(0);
  const [unit, setUnit] = useState<Unit | null>(initialUnit);
  const [adding, setAdding] = useState(false);
  const [profile, setProfile] = useState<Profile>(
    initialProfile && initialUnit && initialProfile.unit === initialUnit.code ? initialProfile : EMPTY_PROFILE,
  );
  const [error, setError] = useState<BackendError | null>(null);
  const [busy, setBusy] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (!unit) searchRef.current?.focus();
  }, [unit]);

  // The chosen unit's own preparer: never the previous unit's.
  useEffect(() => {
    if (!unit) {
      setProfile(EMPTY_PROFILE);
      return;
    }
    if (profile.unit === unit.code) return;
    setProfile(EMPTY_PROFILE);
    let live = true;
    backend
      .profile(unit.code)
      .then((p) => {
        if (!live) return;
        setProfile(p);
        // Keyboard flow: the unit chosen, the preparer's name is next.
        if (!p.preparer) setTimeout(() => document.getElementById("preparer")?.focus(), 0);
      })
      .catch((e) => live && setError(BackendError.from(e)));
    return () => {
      live = false;
    };
  }, [unit?.code]);
  const loaded = !!unit && profile.unit === unit.code;

  useEffect(() => {
    const mine = ++seq.current;
    const t = setTimeout(() => {
      backend
        .searchUnits(query)
        .then((units) => {
          if (mine === seq.current) {
            setResults(units);
            setActive(0);
          }
        })
        .catch((e) => setError(BackendError.from(e)));
    }, 80);
    return () => clearTimeout(t);
  }, [query]);

  const onSearchKey = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setActive((a) => Math.min(results.length - 1, a + 1));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === "Enter" && results[active]) {
      e.preventDefault();
      setUnit(results[active].unit);
    }
  };

  const set = (k: keyof Profile) => (e: Event) => setProfile({ ...profile, [k]: (e.target as HTMLInputElement).value });

  const save = async (e: Event) => {
    e.preventDefault();
    if (!unit) return;
    setBusy(true);
    setError(null);
    try {
      const chosen = await backend.chooseUnit(unit.code);
      await backend.saveProfile(chosen.code, profile);
      onDone(chosen, profile);
    } catch (err) {
      setError(BackendError.from(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="setup">
      <div class="setup-card">
        <h1>{firstRun ? "Chào mừng bạn đến với chương trình báo cáo chỉ tiêu Chính phủ số" : "Đơn vị báo cáo và người lập biểu"}</h1>
        {firstRun && (
          <p class="lead">
            Chương trình giúp lập biểu <strong>Phụ lục 01</strong> gửi Cục Chuyển đổi số quốc gia. Mọi số liệu được lưu ngay trên máy này,
            không cần kết nối mạng. Trước hết, hãy cho biết đơn vị của bạn và người lập biểu.
          </p>
        )}
        {error && <ErrorNotice error={error} onClose={() => setError(null)} />}
        {firstRun && onAgency && (
          <div class="setup-mode notice notice-info" data-test="setup-mode">
            <div class="notice-body">
              Bạn ở cơ quan <strong>nhận</strong> báo cáo của các đơn vị (Cục Chuyển đổi số quốc gia, sở, đơn vị chuyên trách của bộ)?{" "}
              <br />
              <button type="button" class="btn" onClick={onAgency} id="setup-agency">
                Cơ quan nhận báo cáo (tổng hợp)
              </button>
              <div class="muted small">Có thể chuyển lại bất cứ lúc nào.</div>
            </div>
          </div>
        )}

        <section class="setup-step">
          <h2>
            <span class="step-no">1</span> Đơn vị báo cáo
          </h2>
          {unit ? (
            <div class="chosen-unit" data-test="chosen-unit">
              <div>
                <div class="unit-name">{unit.name}</div>
                <div class="muted">
                  {UNIT_TYPE_LABELS[unit.type]} · mã {unit.code}
                  {unit.valid_to && <> · đơn vị cũ, báo cáo được các kỳ đến hết ngày {vnDate(unit.valid_to)}</>}
                </div>
              </div>
              <button type="button" class="btn" onClick={() => setUnit(null)}>
                Chọn đơn vị khác
              </button>
            </div>
          ) : adding ? (
            <AddUnit
              onAdded={(u) => {
                setUnit(u);
                setAdding(false);
              }}
              onCancel={() => setAdding(false)}
              onError={setError}
            />
          ) : (
            <div class="unit-search">
              <label for="unit-search">Tìm đơn vị (gõ tên, có dấu hoặc không dấu)</label>
              <input
                id="unit-search"
                ref={searchRef}
                type="search"
                autocomplete="off"
                spellcheck={false}
                placeholder="Ví dụ: thai nguyen, Bộ Y tế, Cục Chuyển đổi số…"
                value={query}
                onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
                onKeyDown={onSearchKey}
                role="combobox"
                aria-expanded={results.length > 0}
                aria-controls="unit-results"
              />
              <ul class="unit-results" id="unit-results" role="listbox">
                {results.slice(0, 60).map(({ unit: u, former }, i) => (
                  <li
                    key={u.code}
                    role="option"
                    aria-selected={i === active}
                    class={i === active ? "active" : ""}
                    data-code={u.code}
                    onMouseEnter={() => setActive(i)}
                    onClick={() => setUnit(u)}
                  >
                    <span class="unit-name">{u.name}</span>
                    <span class="muted">{UNIT_TYPE_LABELS[u.type]}</span>
                    {former && (
                      <span class="unit-former small" data-test="unit-former" title={former.source}>
                        {former.text}
                        {former.source && <span class="muted"> ({former.source})</span>}
                      </span>
                    )}
                    {!former && u.valid_to && (
                      <span class="unit-former small" data-test="unit-ended" title={u.source}>
                        Đơn vị cũ, đến hết ngày {vnDate(u.valid_to)}: chọn để báo cáo các kỳ trước ngày đó
                      </span>
                    )}
                  </li>
                ))}
                {results.length === 0 && <li class="empty">Không tìm thấy đơn vị nào khớp với «{query}».</li>}
              </ul>
              <button type="button" class="btn-link" onClick={() => setAdding(true)}>
                Không có trong danh sách? Thêm đơn vị mới
              </button>
            </div>
          )}
        </section>

        <form class="setup-step" onSubmit={save}>
          <h2>
            <span class="step-no">2</span> Người lập biểu
          </h2>
          <p class="muted small">Thông tin này được in ở cuối biểu (phần «Người lập biểu» và thông tin liên hệ).</p>
          <div class="form-grid" data-unit={profile.unit}>
            <label>
              Họ và tên người lập biểu
              <input id="preparer" value={profile.preparer} onInput={set("preparer")} disabled={!loaded} autocomplete="name" required />
            </label>
            <label>
              Điện thoại
              <input id="phone" type="tel" value={profile.phone} onInput={set("phone")} disabled={!loaded} autocomplete="tel" />
            </label>
            <label>
              Thư điện tử
              <input id="email" type="email" value={profile.email} onInput={set("email")} disabled={!loaded} autocomplete="email" />
            </label>
            <label>
              <span>
                Thủ trưởng đơn vị <span class="muted">(không bắt buộc)</span>
              </span>
              <input id="head" value={profile.head} onInput={set("head")} disabled={!loaded} />
            </label>
            <label>
              <span>
                Địa danh ghi trên biểu <span class="muted">(ví dụ: Thái Nguyên)</span>
              </span>
              <input id="place" value={profile.place} onInput={set("place")} disabled={!loaded} />
            </label>
          </div>
          <div class="actions">
            {onCancel && (
              <button type="button" class="btn" onClick={onCancel}>
                Hủy
              </button>
            )}
            <button id="setup-save" type="submit" class="btn btn-primary" disabled={!loaded || busy || !profile.preparer.trim()}>
              {firstRun ? "Lưu và bắt đầu" : "Lưu"}
            </button>
          </div>
          {!unit && <p class="muted small">Hãy chọn đơn vị báo cáo trước.</p>}
        </form>
      </div>
    </div>
  );
}

function AddUnit({ onAdded, onCancel, onError }: { onAdded: (u: Unit) => void; onCancel: () => void; onError: (e: BackendError) => void }) {
  const backend = useBackend();
  const [name, setName] = useState("");
  const [shortName, setShortName] = useState("");
  const [type, setType] = useState<UnitType>("custom");
  const submit = async () => {
    try {
      const u = await backend.addUnit({ name, unit_type: type, code: null, short_name: shortName || null, parent: null });
      onAdded(u);
    } catch (e) {
      onError(BackendError.from(e));
    }
  };
  return (
    <div class="add-unit">
      <div class="form-grid">
        <label>
          Tên đầy đủ của đơn vị
          <input value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} placeholder="Ví dụ: Sở Thông tin và Truyền thông tỉnh …" />
        </label>
        <label>
          <span>
            Tên viết tắt <span class="muted">(không bắt buộc)</span>
          </span>
          <input value={shortName} onInput={(e) => setShortName((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Loại đơn vị
          <select value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as UnitType)}>
            {(Object.keys(UNIT_TYPE_LABELS) as UnitType[]).map((t) => (
              <option key={t} value={t}>
                {UNIT_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div class="actions">
        <button type="button" class="btn" onClick={onCancel}>
          Quay lại tìm kiếm
        </button>
        <button type="button" class="btn btn-primary" disabled={!name.trim()} onClick={submit}>
          Thêm đơn vị
        </button>
      </div>
    </div>
  );
}
