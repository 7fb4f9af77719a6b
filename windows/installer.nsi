; The Windows installer of chitieu, built by `make windows` with Debian's
; makensis (NSIS 3): per-user, no administrator rights, Vietnamese pages.
;
;   makensis -DVERSION=0.1.0 -DBIN=<folder with the exes and WebView2Loader.dll> -DOUTFILE=<setup.exe> windows/installer.nsi
;
; What it does and why: docs/WINDOWS.md. The uninstaller removes the program
; and its shortcuts only: the database and its backups (in
; %LOCALAPPDATA%\chitieu\chitieu\data) are the user's and stay.

; A 64-bit installer for a 64-bit app: it also runs under wine64 without the
; 32-bit wine, so `make test` can install it.
Target amd64-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is required (-DVERSION=x.y.z)"
!endif
!ifndef BIN
  !error "BIN is required (-DBIN=folder with chitieu-app.exe and chitieu.exe)"
!endif
!ifndef ICON
  !error "ICON is required (-DICON=src-tauri/icons/icon.ico, absolute)"
!endif
!ifndef OUTFILE
  !define OUTFILE "chitieu-setup.exe"
!endif

!define APPNAME "Chỉ tiêu Chính phủ số"
!define PUBLISHER "chitieu"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\chitieu"
; Where Windows records the installed WebView2 runtime, per machine and per user.
!define WV2GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WV2OFFLINE "MicrosoftEdgeWebView2RuntimeInstallerX64.exe"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\chitieu"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "chitieu ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "FileDescription" "Trình cài đặt ${APPNAME}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\chitieu-app.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APPNAME} ngay"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

; The WebView2 runtime draws the app's window. Windows 10 (1803+) and 11
; normally carry it; where it is missing, an offline installer that the IT
; department put beside chitieu-setup.exe is run (per user, no rights
; needed), else the person is told what to ask for. The installation goes on
; either way: the app itself says the same when started without it.
Function EnsureWebView2
  Call HasWebView2
  Pop $0
  ${If} $0 == 1
    Return
  ${EndIf}
  ${If} ${FileExists} "$EXEDIR\${WV2OFFLINE}"
    DetailPrint "Đang cài WebView2 Runtime từ «$EXEDIR\${WV2OFFLINE}»…"
    ExecWait '"$EXEDIR\${WV2OFFLINE}" /silent /install' $1
    Call HasWebView2
    Pop $0
    ${If} $0 == 1
      Return
    ${EndIf}
  ${EndIf}
  MessageBox MB_OK|MB_ICONEXCLAMATION "Máy này chưa có Microsoft Edge WebView2 Runtime, thành phần Windows mà ${APPNAME} cần để hiển thị cửa sổ.$\r$\n$\r$\nHãy nhờ bộ phận công nghệ thông tin cài bản ngoại tuyến «Evergreen Standalone Installer» (x64) của WebView2 Runtime, hoặc đặt tệp ${WV2OFFLINE} cạnh tệp cài đặt này rồi chạy lại. Chương trình vẫn được cài; dòng lệnh chitieu.exe dùng được ngay." /SD IDOK
FunctionEnd

; Pushes 1 when a WebView2 runtime is registered (machine-wide or for this
; user), else 0.
Function HasWebView2
  Push $0
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WV2GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    StrCpy $0 0
  ${Else}
    StrCpy $0 1
  ${EndIf}
  Exch $0
FunctionEnd

Section "chitieu" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${BIN}\chitieu-app.exe"
  ; Microsoft's redistributable loader of the WebView2 runtime, which the
  ; windows-gnu build of the app links dynamically.
  File "${BIN}\WebView2Loader.dll"
  File "${BIN}\chitieu.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\chitieu-app.exe" "" "$INSTDIR\chitieu-app.exe" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\chitieu-app.exe" "" "$INSTDIR\chitieu-app.exe" 0

  ; "Apps & features" (Settings) lists it for this user, with its uninstaller.
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\chitieu-app.exe"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1

  Call EnsureWebView2
SectionEnd

; The program, its shortcuts and its registry entry go; the user's database
; and backups (%LOCALAPPDATA%\chitieu) are never touched, and the install
; folder is removed only if nothing else was put there.
Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\chitieu-app.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\chitieu.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd
