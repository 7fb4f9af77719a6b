//! chitieu.exe's Windows resources: a version resource (what Properties >
//! Details, Task Manager and AppLocker publisher rules read), the app's icon
//! and a manifest (long paths, Windows 10/11, no elevation:
//! windows/resources/cli.manifest). Compiled by mingw's windres for the
//! windows-gnu build (`make windows`); nothing is done for other targets.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let icon = root.join("src-tauri/icons/icon.ico");
    let manifest = root.join("windows/resources/cli.manifest");
    println!("cargo:rerun-if-changed={}", icon.display());
    println!("cargo:rerun-if-changed={}", manifest.display());
    if env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    if env::var("CARGO_CFG_TARGET_ENV").as_deref() != Ok("gnu") {
        println!("cargo:warning=chitieu.exe: Windows resources are built for windows-gnu only");
        return;
    }
    let target = env::var("TARGET").unwrap_or_default();
    let windres = env::var(format!("RC_{}", target.replace('-', "_")))
        .unwrap_or_else(|_| "x86_64-w64-mingw32-windres".into());
    println!("cargo:rerun-if-env-changed=RC_{}", target.replace('-', "_"));
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default());
    let rc = out.join("chitieu.rc");
    let obj = out.join("chitieu-res.o");
    std::fs::write(&rc, resource_script(&icon, &manifest))
        .unwrap_or_else(|e| panic!("{}: {e}", rc.display()));
    let status = Command::new(&windres)
        .arg("--input-format=rc")
        .arg("--output-format=coff")
        .arg("-c")
        .arg("65001")
        .arg("-i")
        .arg(&rc)
        .arg("-o")
        .arg(&obj)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {windres}: {e}"));
    assert!(status.success(), "{windres} failed on {}", rc.display());
    println!("cargo:rustc-link-arg-bins={}", obj.display());
}

/// The .rc source, UTF-8 (windres -c 65001): the Vietnamese names keep their
/// diacritics in the UTF-16 strings Windows reads.
fn resource_script(icon: &Path, manifest: &Path) -> String {
    let version = env::var("CARGO_PKG_VERSION").unwrap_or_else(|_| "0.0.0".into());
    let mut parts = version
        .split(['.', '-', '+'])
        .map(|p| p.parse::<u16>().unwrap_or(0));
    let (a, b, c) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let path = |p: &Path| p.display().to_string().replace('\\', "/");
    format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 24 "{manifest}"
1 VERSIONINFO
FILEVERSION {a},{b},{c},0
PRODUCTVERSION {a},{b},{c},0
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "042a04b0"
    BEGIN
      VALUE "CompanyName", "chitieu"
      VALUE "FileDescription", "Chỉ tiêu Chính phủ số — dòng lệnh"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "chitieu"
      VALUE "LegalCopyright", "© 2026 chitieu contributors, MIT licence"
      VALUE "OriginalFilename", "chitieu.exe"
      VALUE "ProductName", "Chỉ tiêu Chính phủ số"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x042a, 1200
  END
END
"#,
        icon = path(icon),
        manifest = path(manifest),
    )
}
