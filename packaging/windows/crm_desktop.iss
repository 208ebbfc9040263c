; Inno Setup 6 script for CRM Desktop: a per-user install that needs no administrator.
; Built by packaging/windows/build_installer.ps1 after packaging/build.py, or by hand:
;   iscc /DAppVersion=0.1.0 packaging\windows\crm_desktop.iss
; Paths below are relative to this file; /DBundleDir=, /DIconFile= and /DOutputDir= override them.
;
; The user's data (database, backups, settings, logs) lives in %LOCALAPPDATA%\CRM Desktop, chosen
; by crm_desktop/paths.py through platformdirs. It is not under {app} (which is
; %LOCALAPPDATA%\Programs\CRM Desktop), and nothing here names it: upgrading or uninstalling never
; touches it. Never add it to [InstallDelete] or [UninstallDelete].

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z crm_desktop.iss
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\crm-desktop"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\app_icon.ico"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#define AppName "CRM Desktop"
#define AppExe "crm-desktop.exe"

[Setup]
; The AppId ties every version together: an installer with the same AppId upgrades in place and
; shares one uninstaller entry. Never change it.
AppId={{7ADD07CD-06DF-43B1-9308-072D78E5FF5E}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
; Per user, no UAC prompt: %LOCALAPPDATA%\Programs\CRM Desktop.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DisableDirPage=auto
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.11 supports Windows 10 from version 1809 (build 17763) and Windows 11 (doc.qt.io/qt-6.11/windows.html):
; an older Windows is told so by the installer instead of getting a program that fails to start.
MinVersion=10.0.17763
; Close a running CRM Desktop (Restart Manager) before files are replaced; the last page offers
; to start it again (not restarted automatically as well: it would start twice).
CloseApplications=yes
RestartApplications=no
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/ultra64
SolidCompression=yes
LZMAUseSeparateProcess=yes
OutputDir={#OutputDir}
OutputBaseFilename=CRM-Desktop-{#AppVersion}-windows-x64-setup

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder's bundle, so no file of the old version lingers
; beside the new one. Only inside {app}: the data folder is elsewhere.
Type: filesandordirs; Name: "{app}\_internal"
; A desktop shortcut unticked on an upgrade goes (Inno leaves icons of deselected tasks).
Type: files; Name: "{autodesktop}\{#AppName}.lnk"; Tasks: not desktopicon

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
