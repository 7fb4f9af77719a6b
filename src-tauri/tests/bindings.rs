//! The shell's TypeScript bindings (ui/src/shell/bindings) are generated from
//! its Rust types and committed; this test fails when they are stale.
//! `UPDATE_BINDINGS=1 cargo test -p chitieu-desktop --test bindings` rewrites them.

use std::path::PathBuf;

use chitieu_desktop::agency::{
    AgencyFigure, AgencyProgress, AgencySaved, AgencySignature, AgencyUnit, AgencyView,
};
use chitieu_desktop::error::IpcError;
use chitieu_desktop::models::{
    AppInfo, BackupDone, ExportDone, ImportDone, PickedFile, RestoreDone,
};
use chitieu_desktop::signing::{SignDone, SigningDrivers};
use ts_rs::TS;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/shell/bindings")
}

fn check<T: TS + 'static>(stale: &mut Vec<String>) {
    let text = T::export_to_string(&ts_rs::Config::new()).expect("ts-rs renders the type");
    let path = dir().join(format!("{}.ts", T::ident(&ts_rs::Config::new())));
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(dir()).expect("create bindings dir");
        std::fs::write(&path, &text).expect("write binding");
        return;
    }
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn shell_bindings_are_fresh() {
    let mut stale = Vec::new();
    check::<IpcError>(&mut stale);
    check::<AppInfo>(&mut stale);
    check::<PickedFile>(&mut stale);
    check::<ImportDone>(&mut stale);
    check::<ExportDone>(&mut stale);
    check::<RestoreDone>(&mut stale);
    check::<BackupDone>(&mut stale);
    check::<AgencyProgress>(&mut stale);
    check::<AgencyFigure>(&mut stale);
    check::<AgencySignature>(&mut stale);
    check::<AgencyUnit>(&mut stale);
    check::<AgencyView>(&mut stale);
    check::<AgencySaved>(&mut stale);
    check::<SigningDrivers>(&mut stale);
    check::<SignDone>(&mut stale);
    assert!(
        stale.is_empty(),
        "stale TypeScript bindings (run `UPDATE_BINDINGS=1 cargo test -p chitieu-desktop --test bindings`): {stale:?}"
    );
}
