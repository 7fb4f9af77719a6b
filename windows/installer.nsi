; The Windows installer of chitieu, built by `make windows` with Debian's
; makensis (NSIS 3): per-user, no administrator rights, Vietnamese pages.
;
;   makensis -DVERSION=0.1.0 -DBIN=<folder with the exes and WebView2Loader.dll> -DOUTFILE=<setup.exe> \
;            [-DSIGN=<command that signs the file given as its argument>] windows/installer.nsi
;
; Switches and exit codes for IT departments (docs/WINDOWS.md, "For IT"):
;   /S            silent; /D=<folder> (last, unquoted) the install folder
;   0 installed   1 cancelled by the person   2 aborted by the installer
;   3 a newer version is installed (no downgrade)
;   4 the program is running and could not be closed (nothing was changed)
;   5 Windows older than 10
; The uninstaller (/S) exits 4 while the program runs (nothing removed); for
; its exit code, run it in place: uninstall.exe /S _?=<install folder>.
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
!define EXIT_DOWNGRADE 3
!define EXIT_RUNNING 4
!define EXIT_OLD_WINDOWS 5
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
!include "WinVer.nsh"
!include "WordFunc.nsh"

; Signing (`make windows` with CHITIEU_SIGN_*): the uninstaller is signed
; when it is written into the installer, the installer once it is complete;
; a failed signature stops makensis (no unsigned file is shipped as signed).
!ifdef SIGN
  !uninstfinalize '"${SIGN}" "%1"' = 0
  !finalize '"${SIGN}" "%1"' = 0
!endif

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

; Before anything is shown or changed: Windows 10 or later, and no downgrade
; over a newer installed version.
Function .onInit
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME} cần Windows 10 hoặc Windows 11. Máy này dùng phiên bản Windows cũ hơn nên chương trình không được cài; hãy liên hệ bộ phận công nghệ thông tin." /SD IDOK
    SetErrorLevel ${EXIT_OLD_WINDOWS}
    Quit
  ${EndIf}
  ReadRegStr $0 HKCU "${UNINSTKEY}" "DisplayVersion"
  ${If} $0 != ""
    ${VersionCompare} "${VERSION}" "$0" $1
    ${If} $1 == 2
      MessageBox MB_OK|MB_ICONSTOP "Máy này đã có ${APPNAME} phiên bản $0, mới hơn phiên bản ${VERSION} của tệp cài đặt này, nên tệp này không cài đè lên. Hãy dùng tệp cài đặt phiên bản $0 hoặc mới hơn; số liệu đã nhập vẫn được giữ nguyên." /SD IDOK
      SetErrorLevel ${EXIT_DOWNGRADE}
      Quit
    ${EndIf}
  ${EndIf}
FunctionEnd

; Pushes 1 when $INSTDIR\<file> exists and cannot be opened for writing:
; Windows refuses that while the program runs (its image is mapped), and an
; installer would then leave the old file in place.
!macro FILE_BUSY_FUNCTION un
Function ${un}FileBusy
  Exch $0
  Push $1
  ClearErrors
  ${If} ${FileExists} "$INSTDIR\$0"
    FileOpen $1 "$INSTDIR\$0" a
    ${If} ${Errors}
      StrCpy $0 1
    ${Else}
      FileClose $1
      StrCpy $0 0
    ${EndIf}
  ${Else}
    StrCpy $0 0
  ${EndIf}
  Pop $1
  Exch $0
FunctionEnd
!macroend
!insertmacro FILE_BUSY_FUNCTION ""
!insertmacro FILE_BUSY_FUNCTION "un."

; Waits up to 5 s for chitieu-app.exe to end; pushes 1 if it still runs.
Function WaitAppGone
  Push $2
  StrCpy $2 0
  ${Do}
    Push "chitieu-app.exe"
    Call FileBusy
    Pop $0
    ${If} $0 == 0
    ${OrIf} $2 >= 10
      ${Break}
    ${EndIf}
    Sleep 500
    IntOp $2 $2 + 1
  ${Loop}
  Pop $2
  Push $0
FunctionEnd

; A running app: asked to close (politely, then forcibly: every figure is
; saved in its own transaction as it is typed, so ending the process loses
; nothing saved), with the person's consent unless silent. If it cannot be
; closed, or the CLI is running, the installer stops before changing anything.
Function CloseRunningApp
  Push "chitieu-app.exe"
  Call FileBusy
  Pop $0
  ${If} $0 == 1
    MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "${APPNAME} đang mở. Bấm OK để trình cài đặt đóng chương trình rồi cài tiếp (số liệu đã nhập đều đã được lưu), hoặc Hủy để dừng cài đặt." /SD IDOK IDOK close
    SetErrorLevel ${EXIT_RUNNING}
    Quit
    close:
    DetailPrint "Đang đóng ${APPNAME}…"
    nsExec::Exec 'taskkill /IM chitieu-app.exe'
    Pop $0
    Call WaitAppGone
    Pop $0
    ${If} $0 == 1
      nsExec::Exec 'taskkill /F /IM chitieu-app.exe'
      Pop $0
      Call WaitAppGone
      Pop $0
    ${EndIf}
    ${If} $0 == 1
      MessageBox MB_OK|MB_ICONSTOP "Không đóng được ${APPNAME}. Hãy tự đóng chương trình (hoặc khởi động lại máy) rồi chạy lại tệp cài đặt; chưa có gì thay đổi." /SD IDOK
      SetErrorLevel ${EXIT_RUNNING}
      Quit
    ${EndIf}
  ${EndIf}
  Push "chitieu.exe"
  Call FileBusy
  Pop $0
  ${If} $0 == 1
    MessageBox MB_OK|MB_ICONSTOP "Dòng lệnh chitieu.exe đang chạy (có thể là một tác vụ tự động). Hãy chờ nó xong rồi chạy lại tệp cài đặt; chưa có gì thay đổi." /SD IDOK
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${EndIf}
FunctionEnd

Section "chitieu" SecMain
  SectionIn RO
  SetShellVarContext current
  Call CloseRunningApp
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
; Nothing is removed while the program or its CLI runs (a running exe cannot
; be deleted: the registry entry would go and the files stay).
Function un.onInit
  Push "chitieu-app.exe"
  Call un.FileBusy
  Pop $0
  Push "chitieu.exe"
  Call un.FileBusy
  Pop $1
  ${If} $0 == 1
  ${OrIf} $1 == 1
    MessageBox MB_OK|MB_ICONSTOP "${APPNAME} đang mở. Hãy đóng chương trình rồi gỡ cài đặt lại; chưa có gì bị gỡ." /SD IDOK
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${EndIf}
FunctionEnd

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
