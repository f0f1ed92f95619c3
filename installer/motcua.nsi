; The Windows installer of Quầy Một Cửa (motcua): a per-machine install into Program Files of
; the one-folder bundle PyInstaller makes (installer/motcua.spec), with Start-menu and desktop
; shortcuts, and an uninstaller that keeps the counter's data unless asked to delete it.
;
; makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DBUNDLE=dist\motcua -DOUTFILE=motcua-setup.exe
;          installer\motcua.nsi        (installer/build --nsis does this; -D works on Linux too)
;   VERSION  the program's version (required; installer/build reads it from pyproject.toml)
;   BUNDLE   the bundle folder to install (default: dist\motcua beside this folder)
;   OUTFILE  the setup program to write (default: motcua-VERSION-setup.exe here)

Unicode true
SetCompressor /SOLID lzma
ManifestDPIAware true

!ifndef VERSION
  !error "Give the version: makensis -DVERSION=X.Y.Z installer\motcua.nsi"
!endif
!ifndef BUNDLE
  !define BUNDLE "${__FILEDIR__}\..\dist\motcua"
!endif
!ifndef OUTFILE
  !define OUTFILE "${__FILEDIR__}\motcua-${VERSION}-setup.exe"
!endif

!define APP_NAME "Quầy Một Cửa"
!define APP_EXE "motcua-gui.exe"  ; the windowed program (motcua.exe is the command line)
!define PUBLISHER "motcua"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\motcua"
!define ICON "${__FILEDIR__}\..\resources\icons\motcua.ico"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\motcua"
InstallDirRegKey HKLM "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel admin  ; per machine: Program Files, shortcuts for every user
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} — cài đặt"
VIAddVersionKey /LANG=0 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
; No "run now" box on the last page: started from the elevated installer, the program would run
; as the administrator, and keep its data in the administrator's folder instead of the clerk's.

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; the language dialog lets people choose the other one.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"

LangString NEEDS_64BIT ${LANG_VIETNAMESE} "Quầy Một Cửa cần Windows 64-bit."
LangString NEEDS_64BIT ${LANG_ENGLISH} "Quầy Một Cửa needs 64-bit Windows."
LangString SEC_PROGRAM ${LANG_VIETNAMESE} "Gỡ chương trình"
LangString SEC_PROGRAM ${LANG_ENGLISH} "Remove the program"
LangString SEC_DATA ${LANG_VIETNAMESE} "Xóa cả dữ liệu của quầy (hồ sơ, sổ sách, bản sao lưu)"
LangString SEC_DATA ${LANG_ENGLISH} "Also delete the counter's data (dossiers, books, backups)"
LangString CONFIRM_DATA ${LANG_VIETNAMESE} "Xóa vĩnh viễn thư mục dữ liệu $LOCALAPPDATA\motcua, gồm mọi hồ sơ đã tiếp nhận và các bản sao lưu trong đó?$\r$\n$\r$\nChỉ chọn Có khi dữ liệu đã được chuyển sang máy khác hoặc không còn cần."
LangString CONFIRM_DATA ${LANG_ENGLISH} "Permanently delete the data folder $LOCALAPPDATA\motcua, with every dossier received and the backups in it?$\r$\n$\r$\nChoose Yes only when the data has been moved to another computer or is no longer needed."
LangString DATA_KEPT ${LANG_VIETNAMESE} "Dữ liệu của quầy vẫn giữ ở $LOCALAPPDATA\motcua."
LangString DATA_KEPT ${LANG_ENGLISH} "The counter's data is kept in $LOCALAPPDATA\motcua."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(NEEDS_64BIT)"
    Abort
  ${EndIf}
  SetRegView 64
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Section "Install"
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the program's libraries as a whole (no stale files from an old version).
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*.*"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" \
    "$INSTDIR\_internal\resources\icons\motcua.ico" 0
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" \
    "$INSTDIR\_internal\resources\icons\motcua.ico" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\_internal\resources\icons\motcua.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetRegView 64
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

Section "!$(SEC_PROGRAM)" SecProgram
  SectionIn RO
  SetShellVarContext all
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\motcua.exe"
  Delete "$INSTDIR\motcua-gui.exe"
  Delete "$INSTDIR\motcua-hub.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty: never deletes what someone put there
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd

; Unticked by default, and a silent uninstall (/S) never deletes the data. The data folder is
; the one of the person running the uninstaller (%LOCALAPPDATA%\motcua, app/services/
; workstation.default_home); a folder chosen with MOTCUA_HOME or --home is never touched.
Section /o "un.$(SEC_DATA)" SecData
  SetShellVarContext current
  IfSilent keep
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(CONFIRM_DATA)" IDYES remove
  keep:
    DetailPrint "$(DATA_KEPT)"
    Goto done
  remove:
    RMDir /r "$LOCALAPPDATA\motcua"
  done:
SectionEnd
