// The app: which screen, for which unit and period.

import { useEffect, useState } from "preact/hooks";

import type { AppInfo, Backend, IpcError, PickedFile, Profile, Unit } from "./api";
import { BackendError } from "./api";
import { AppMenu, type MenuResult } from "./components/AppMenu";
import { ErrorNotice, Notice, Spinner } from "./components/common";
import { Help } from "./components/Help";
import { SignPanel } from "./components/SignPanel";
import { BackendContext } from "./context";
import { periodLabel } from "./format";
import { Failure } from "./screens/Failure";
import { Agency } from "./screens/Agency";
import { Editions } from "./screens/Editions";
import { Periods } from "./screens/Periods";
import { Report, type Tab } from "./screens/Report";
import { Setup } from "./screens/Setup";

type Route =
  | { kind: "loading" }
  | { kind: "failure"; error: IpcError }
  | { kind: "setup" }
  | { kind: "periods"; year: number }
  | { kind: "report"; period: string; tab: Tab; importFile?: PickedFile }
  | { kind: "editions" }
  | { kind: "agency" };

/** The year to show a unit's periods in: a former unit's last year when it ended before `year`. */
function yearOf(unit: Unit, year: number): number {
  const last = unit.valid_to ? Number(unit.valid_to.slice(0, 4)) : NaN;
  return last < year ? last : year;
}

export function App({ backend }: { backend: Backend }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [route, setRoute] = useState<Route>({ kind: "loading" });
  const [unit, setUnit] = useState<Unit | null>(null);
  const [profile, setProfile] = useState<Profile | null>(null);
  const [lastYear, setLastYear] = useState<number | null>(null);
  const [help, setHelp] = useState(false);
  const [menuResult, setMenuResult] = useState<MenuResult | null>(null);
  const [signing, setSigning] = useState(false);

  // F1: the guide, from any screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F1") {
        e.preventDefault();
        setHelp((h) => !h);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const load = async () => {
    setRoute({ kind: "loading" });
    try {
      // The mode is asked alongside (a database that cannot be opened is
      // reported by appInfo; the mode then does not matter).
      const [i, agency] = await Promise.all([backend.appInfo(), backend.agencyMode().catch(() => false)]);
      setInfo(i);
      setUnit(i.unit);
      setProfile(i.profile);
      setLastYear(i.unit ? yearOf(i.unit, i.year) : i.year);
      if (i.failure) setRoute({ kind: "failure", error: i.failure });
      else if (agency) setRoute({ kind: "agency" });
      else if (!i.unit) setRoute({ kind: "setup" });
      else setRoute({ kind: "periods", year: yearOf(i.unit, i.year) });
    } catch (e) {
      const err = BackendError.from(e);
      setRoute({ kind: "failure", error: { code: err.code, message: err.message, diagnostics: [] } });
    }
  };

  useEffect(() => {
    load();
  }, []);

  // The receiving agency's mode, kept in the settings by the core.
  const switchMode = async (agency: boolean) => {
    try {
      await backend.setAgencyMode(agency);
      if (agency) setRoute({ kind: "agency" });
      else setRoute(unit ? { kind: "periods", year: lastYear ?? info?.year ?? new Date().getFullYear() } : { kind: "setup" });
    } catch (e) {
      const err = BackendError.from(e);
      setMenuResult({ kind: "failed", error: err });
    }
  };

  // The window starts hidden; show it once the first screen is drawn.
  const drawn = route.kind !== "loading";
  useEffect(() => {
    // (Not requestAnimationFrame: a hidden window gets no animation frames.)
    if (drawn) setTimeout(() => backend.windowReady().catch(() => {}), 0);
  }, [drawn]);

  const year = route.kind === "periods" ? route.year : lastYear ?? info?.year ?? new Date().getFullYear();

  return (
    <BackendContext.Provider value={backend}>
      <div class="app">
        <header class="topbar">
          <div class="brand">
            <span class="brand-mark" aria-hidden="true" />
            <div>
              <div class="brand-name">Chỉ tiêu Chính phủ số</div>
              <div class="brand-sub">Biểu Phụ lục 01</div>
            </div>
          </div>
          {unit && (route.kind === "periods" || route.kind === "report" || route.kind === "editions") && (
            <nav class="crumbs" aria-label="Vị trí">
              <button type="button" class="crumb" onClick={() => setRoute({ kind: "periods", year })} data-test="nav-periods">
                {unit.name}
              </button>
              {route.kind === "report" && (
                <>
                  <span class="crumb-sep">›</span>
                  <span class="crumb current">{periodLabel(route.period)}</span>
                </>
              )}
              {route.kind === "editions" && (
                <>
                  <span class="crumb-sep">›</span>
                  <span class="crumb current">Bộ chỉ tiêu</span>
                </>
              )}
            </nav>
          )}
          {route.kind === "agency" && (
            <nav class="crumbs" aria-label="Vị trí">
              <span class="crumb current">Cơ quan nhận báo cáo · Tổng hợp</span>
            </nav>
          )}
          <div class="topbar-right">
            {unit && (route.kind === "periods" || route.kind === "report" || route.kind === "editions") && (
              <button type="button" class="btn btn-ghost" onClick={() => switchMode(true)} id="open-agency" title="Chuyển sang chế độ cơ quan nhận báo cáo: tổng hợp tệp của các đơn vị">
                Tổng hợp báo cáo
              </button>
            )}
            {unit && route.kind !== "setup" && route.kind !== "failure" && (
              <button type="button" class="btn btn-ghost" onClick={() => setRoute({ kind: "editions" })} id="open-editions">
                Bộ chỉ tiêu
              </button>
            )}
            {unit && route.kind !== "setup" && route.kind !== "failure" && (
              <button type="button" class="btn btn-ghost" onClick={() => setRoute({ kind: "setup" })} id="open-setup">
                Đơn vị, người lập biểu
              </button>
            )}
            <AppMenu
              onResult={setMenuResult}
              onHelp={() => setHelp(true)}
              onSign={() => setSigning(true)}
              onRestored={(done) => {
                setMenuResult({ kind: "restored", done });
                load();
              }}
            />
            <span class="offline" title="Chương trình không dùng mạng: mọi số liệu nằm trên máy này.">
              ● Ngoại tuyến
            </span>
          </div>
        </header>
        {menuResult && <MenuResultNotice result={menuResult} onClose={() => setMenuResult(null)} />}
        {signing && <SignPanel onClose={() => setSigning(false)} />}
        {help && <Help database={info?.database ?? null} backups={info?.backups ?? null} onClose={() => setHelp(false)} />}
        <main class="main">
          {route.kind === "loading" && <Spinner label="Đang mở cơ sở dữ liệu…" />}
          {route.kind === "failure" && <Failure info={info} error={route.error} onRetry={load} />}
          {route.kind === "setup" && (
            <Setup
              unit={unit}
              profile={profile}
              firstRun={!unit}
              onDone={(u, p) => {
                setUnit(u);
                setProfile(p);
                const y = yearOf(u, year);
                setLastYear(y);
                setRoute({ kind: "periods", year: y });
              }}
              onCancel={unit ? () => setRoute({ kind: "periods", year }) : undefined}
              onAgency={() => switchMode(true)}
            />
          )}
          {route.kind === "periods" && unit && info && (
            <Periods
              unit={unit}
              year={route.year}
              thisYear={info.year}
              onYear={(y) => {
                setLastYear(y);
                setRoute({ kind: "periods", year: y });
              }}
              onOpen={(p) => setRoute({ kind: "report", period: p, tab: "grid" })}
            />
          )}
          {route.kind === "editions" && <Editions />}
          {route.kind === "agency" && info && <Agency today={info.today} onSwitchToUnit={() => switchMode(false)} />}
          {route.kind === "report" && unit && (
            <Report
              key={route.period}
              unit={unit}
              period={route.period}
              tab={route.tab}
              onTab={(t) => setRoute({ kind: "report", period: route.period, tab: t })}
              importFile={route.importFile}
              onOpenPeriod={(period, file) => setRoute({ kind: "report", period, tab: "import", importFile: file })}
            />
          )}
        </main>
      </div>
    </BackendContext.Provider>
  );
}

function MenuResultNotice({ result, onClose }: { result: MenuResult; onClose: () => void }) {
  return (
    <div class="app-notice" data-test="menu-result">
      {result.kind === "failed" ? (
        <ErrorNotice error={result.error} onClose={onClose} />
      ) : result.kind === "backup" ? (
        <Notice kind="ok" onClose={onClose}>
          Đã sao lưu dữ liệu vào tệp <strong>{result.done.file_name}</strong> trong thư mục {result.done.folder}.
        </Notice>
      ) : (
        <Notice kind="ok" onClose={onClose}>
          Đã khôi phục dữ liệu từ bản sao lưu <strong>{result.done.restored_from}</strong>.
          {result.done.kept_aside && <> Số liệu trước khi khôi phục được giữ lại trong tệp {result.done.kept_aside} (thư mục sao lưu).</>}
        </Notice>
      )}
    </div>
  );
}
