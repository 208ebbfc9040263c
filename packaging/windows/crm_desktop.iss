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
; to start it again (not restarted automatically as well: it would start twice). If it is still
; running after that (it did not close, or the user chose not to close it), [Code] stops Setup
; before [InstallDelete] runs, so the installed version is left as it was.
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
; beside the new one. Only inside {app}: the data folder is elsewhere. A failed or cancelled
; install does not bring these files back: hence the check in [Code] that runs before it.
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

[CustomMessages]
AppStillRunning={#AppName} is still running. Close it, then run this again.%n%nNothing was changed.

[Code]
// A running program's .exe cannot be opened for writing: that tells whether CRM Desktop (one
// process, from {app}) is running.
function ProgramRunning(): Boolean;
var
  Exe: String;
  Stream: TFileStream;
begin
  Result := False;
  Exe := ExpandConstant('{app}\{#AppExe}');
  if not FileExists(Exe) then
    Exit;
  try
    Stream := TFileStream.Create(Exe, fmOpenReadWrite or fmShareExclusive);
    Stream.Free;
  except
    Result := True;
  end;
end;

// Setup: called after Restart Manager has closed what it could and before [InstallDelete]
// empties {app}\_internal. Waits a few seconds for a closing program to exit, then stops Setup
// with nothing changed (exit code 3) rather than leave a half-deleted bundle.
procedure CurStepChanged(CurStep: TSetupStep);
var
  Tries: Integer;
begin
  if CurStep <> ssInstall then
    Exit;
  Tries := 0;
  while ProgramRunning() do begin
    Tries := Tries + 1;
    if Tries > 10 then begin
      Log('{#AppExe} is still running: stopping before anything is changed.');
      SuppressibleMsgBox(CustomMessage('AppStillRunning'), mbCriticalError, MB_OK, IDOK);
      Abort;
    end;
    Sleep(500);
  end;
end;

// Uninstall (which has no Restart Manager): a running program's files could not be removed,
// and the folder would be left without an uninstaller entry.
function InitializeUninstall(): Boolean;
begin
  Result := not ProgramRunning();
  if not Result then begin
    Log('{#AppExe} is running: not uninstalling.');
    SuppressibleMsgBox(CustomMessage('AppStillRunning'), mbCriticalError, MB_OK, IDOK);
  end;
end;
