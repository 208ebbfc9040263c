# Build the Windows installer from the PyInstaller bundle: run from the repository root after
#   python packaging/build.py
# Usage: powershell -ExecutionPolicy Bypass -File packaging\windows\build_installer.ps1
# Needs Inno Setup 6.3 or later (iscc.exe on PATH, or in its default folder, 7 looked for before
# 6; `choco install innosetup`).
# Writes dist\CRM-Desktop-<version>-windows-x64-setup.exe.
$ErrorActionPreference = "Stop"
$root = Resolve-Path (Join-Path $PSScriptRoot "..\..")

$python = if ($env:PYTHON) { $env:PYTHON } else { "python" }
$version = & $python -c "import importlib.metadata as m; print(m.version('crm-desktop'))"
if ($LASTEXITCODE -ne 0 -or -not $version) { throw "Cannot read the version: is crm-desktop installed?" }

$bundle = Join-Path $root "dist\crm-desktop"
if (-not (Test-Path (Join-Path $bundle "crm-desktop.exe"))) {
    throw "No bundle at ${bundle}: run python packaging\build.py first"
}

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) {
    $dirs = foreach ($v in 7, 6) {
        "$env:ProgramFiles\Inno Setup $v", "${env:ProgramFiles(x86)}\Inno Setup $v", "$env:LOCALAPPDATA\Programs\Inno Setup $v"
    }
    foreach ($dir in $dirs) {
        if (Test-Path "$dir\ISCC.exe") { $iscc = "$dir\ISCC.exe"; break }
    }
}
if (-not $iscc) { throw "Inno Setup not found: install it (choco install innosetup) or put iscc.exe on PATH" }

& $iscc "/DAppVersion=$version" "/DBundleDir=$bundle" `
    "/DIconFile=$(Join-Path $root 'build\icons\app_icon.ico')" "/DOutputDir=$(Join-Path $root 'dist')" `
    (Join-Path $PSScriptRoot "crm_desktop.iss")
if ($LASTEXITCODE -ne 0) { throw "iscc failed with exit code $LASTEXITCODE" }

$setup = Join-Path $root "dist\CRM-Desktop-$version-windows-x64-setup.exe"
$size = [math]::Round((Get-Item $setup).Length / 1MB, 1)
Write-Host "installer $setup : $size MB"
