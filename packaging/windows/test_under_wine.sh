#!/usr/bin/env bash
# Compile packaging/windows/crm_desktop.iss with Inno Setup (from the npm package `innosetup`)
# under wine, then install, upgrade and uninstall the result silently and check what the
# script promises. Debian 12, x86_64; run as root to let it install wine, wine32 and xvfb.
#
# Usage: test_installer_under_wine.sh REPO BUNDLE_DIR [WORK_DIR]
#   REPO        a checkout of the project (its packaging/windows/crm_desktop.iss is tested)
#   BUNDLE_DIR  the one-folder build (dist/crm-desktop). A Linux bundle has no crm-desktop.exe:
#               then wine's notepad.exe stands in for it, so a program can be run from {app}.
#   WORK_DIR    scratch folder (default: a new one under /tmp); about 1.5 GB plus two bundles.
# Exits 0 when every check passed, 1 with "FAIL: ..." on the first failed check, 2 on bad use.
set -euo pipefail

INNO_NPM_VERSION=6.4.1
V1=0.1.0
V2=0.2.0
APP_ID='{7ADD07CD-06DF-43B1-9308-072D78E5FF5E}_is1'
UNINSTALL_KEY='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall'
CURVER_KEY='HKLM\Software\Microsoft\Windows NT\CurrentVersion'

die() { echo "ERROR: $*" >&2; exit 2; }
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "PASS: $*"; }
step() { echo "== $* ($(date +%T))"; }

[[ $# -ge 2 && $# -le 3 ]] || die "usage: $0 REPO BUNDLE_DIR [WORK_DIR]"
REPO=$(realpath "$1")
BUNDLE=$(realpath "$2")
ISS="$REPO/packaging/windows/crm_desktop.iss"
[[ -f $ISS ]] || die "no $ISS"
[[ -d $BUNDLE/_internal ]] || die "$BUNDLE is not a one-folder bundle (no _internal/)"
WORK=${3:-$(mktemp -d /tmp/inno-test.XXXXXX)}
mkdir -p "$WORK"
WORK=$(realpath "$WORK")

# Everything wine touches stays in WORK: its prefix, and HOME (wine links Desktop to it).
export WINEPREFIX="$WORK/prefix" HOME="$WORK/home" WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
mkdir -p "$HOME" "$WORK/logs" "$WORK/out"

# Inno's wizard (created even for /VERYSILENT) needs a display: run under Xvfb.
if [[ -z ${DISPLAY:-} ]]; then
    command -v xvfb-run >/dev/null || {
        [[ $EUID -eq 0 ]] || die "xvfb-run missing: apt-get install xvfb xauth"
        apt-get install -y -q xvfb xauth >/dev/null
    }
    exec xvfb-run -a -s "-screen 0 1024x768x24" bash "$0" "$REPO" "$BUNDLE" "$WORK"
fi

step "dependencies"
if ! command -v wine >/dev/null || ! dpkg -s wine32:i386 >/dev/null 2>&1; then
    [[ $EUID -eq 0 ]] || die "wine and wine32:i386 are needed (run as root to install them)"
    dpkg --add-architecture i386
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine wine64 wine32:i386 >/dev/null ||
        die "apt-get could not install wine wine64 wine32:i386"
fi
command -v npm >/dev/null || die "npm is needed (to fetch the innosetup package)"
wine --version

step "Inno Setup $INNO_NPM_VERSION from npm"
ISCC="$WORK/innosetup/package/bin/ISCC.exe"
if [[ ! -f $ISCC ]]; then
    mkdir -p "$WORK/innosetup"
    (cd "$WORK/innosetup" && npm pack --silent "innosetup@$INNO_NPM_VERSION" >/dev/null &&
        tar xzf "innosetup-$INNO_NPM_VERSION.tgz")
fi
[[ -f $ISCC ]] || die "no ISCC.exe in the innosetup package"

step "wine prefix"
wineboot -i >/dev/null 2>&1
wineserver -w
# wine 8 says Windows 7 by default; the script wants Windows 10 1809 (build 17763) or later.
wine winecfg -v win10 >/dev/null 2>&1
winpath() { winepath -u "$(wine cmd /c echo "$1" 2>/dev/null | tr -d '\r')" 2>/dev/null; }
LOCAL=$(winpath '%LOCALAPPDATA%')
APP="$LOCAL/Programs/CRM Desktop"
DATA="$LOCAL/CRM Desktop"
STARTMENU="$(winpath '%APPDATA%')/Microsoft/Windows/Start Menu/Programs"
DESKTOP="$(winpath '%USERPROFILE%')/Desktop"
LNK="CRM Desktop.lnk"
set_build() {
    local key
    for key in CurrentBuild CurrentBuildNumber; do
        wine reg add "$CURVER_KEY" /v "$key" /t REG_SZ /d "$1" /f >/dev/null 2>&1
    done
    wineserver -k 2>/dev/null || true
    wineserver -w
}
regval() { # regval NAME: a value of the app's uninstall key, empty if none
    wine reg query "$UNINSTALL_KEY\\$APP_ID" /v "$1" 2>/dev/null | tr -d '\r' |
        sed -n "s/^ *$1 *REG_[A-Z_]* *//p"
}
uninstall_entries() {
    wine reg query "$UNINSTALL_KEY" 2>/dev/null | tr -d '\r' | grep -ci 'crm\|7ADD07CD' || true
}

step "two bundles: $V1 with a file that $V2 no longer has"
# Hard links: no copy of the bundle's bytes. Only new files are added to these folders.
for v in "$V1" "$V2"; do
    rm -rf "$WORK/bundle-$v"
    cp -al "$BUNDLE" "$WORK/bundle-$v"
    if [[ ! -f $WORK/bundle-$v/crm-desktop.exe ]]; then
        cp "$WINEPREFIX/drive_c/windows/system32/notepad.exe" "$WORK/bundle-$v/crm-desktop.exe"
    fi
done
mkdir -p "$WORK/bundle-$V1/_internal/stale_package"
echo "only in $V1" >"$WORK/bundle-$V1/_internal/stale_package/stale.txt"
echo "only in $V1" >"$WORK/bundle-$V1/_internal/stale-$V1.dll"

# The icon build.py renders (packaging/build.py --icons-only makes only that), or $ICON.
ICON=${ICON:-$REPO/build/icons/app_icon.ico}
[[ -f $ICON ]] || die "no $ICON: run python packaging/build.py --icons-only in $REPO, or set ICON="

step "compile $V1 and $V2"
w() { winepath -w "$1" 2>/dev/null; }
for v in "$V1" "$V2"; do
    start=$SECONDS
    if ! wine "$ISCC" "/DAppVersion=$v" "/DBundleDir=$(w "$WORK/bundle-$v")" \
        "/DIconFile=$(w "$ICON")" "/DOutputDir=$(w "$WORK/out")" "$(w "$ISS")" \
        >"$WORK/logs/compile-$v.log" 2>&1; then
        cat "$WORK/logs/compile-$v.log" >&2
        fail "iscc could not compile $v"
    fi
    if grep '^Warning' "$WORK/logs/compile-$v.log"; then fail "iscc warned when compiling $v"; fi
    pass "compiled $v in $((SECONDS - start)) s"
done
SETUP1="$WORK/out/CRM-Desktop-$V1-windows-x64-setup.exe"
SETUP2="$WORK/out/CRM-Desktop-$V2-windows-x64-setup.exe"
[[ -f $SETUP1 && -f $SETUP2 ]] || fail "the setup files are not named CRM-Desktop-<v>-windows-x64-setup.exe"
grep -aq 'requestedExecutionLevel level="asInvoker"' "$SETUP1" ||
    fail "the setup's manifest does not ask for asInvoker (it would prompt for administrator)"
pass "setup manifest is asInvoker: no administrator prompt"

setup() { # setup EXE LOGNAME [ARGS...]: a silent run; prints nothing, returns its exit code
    local exe=$1 log=$2
    shift 2
    wine "$exe" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=$(w "$WORK/logs")\\$log.log" "$@" \
        >/dev/null 2>&1
}

step "MinVersion"
set_build 17134
rc=0; setup "$SETUP1" minversion-17134 || rc=$?
if [[ $rc -eq 0 ]] || ! grep -q 'does not support the version of Windows' "$WORK/logs/minversion-17134.log"; then
    fail "Windows 10 build 17134 was not refused (exit $rc)"
fi
[[ ! -e $APP ]] || fail "a refused install left $APP"
pass "Windows 10 build 17134 refused: 'This program does not support the version of Windows'"
set_build 17763

step "install $V1, no tasks"
setup "$SETUP1" install-$V1 || fail "install of $V1 exited $?"
[[ -f $APP/crm-desktop.exe && -f $APP/unins000.exe && -d $APP/_internal ]] ||
    fail "no crm-desktop.exe, unins000.exe or _internal in $APP"
pass "installed into %LOCALAPPDATA%\\Programs\\CRM Desktop on build 17763"
grep -q 'Administrative install mode: No' "$WORK/logs/install-$V1.log" || fail "not a per-user install"
[[ -f $STARTMENU/$LNK ]] || fail "no Start-menu shortcut $STARTMENU/$LNK"
pass "Start-menu shortcut"
[[ ! -e $DESKTOP/$LNK ]] || fail "a desktop shortcut although its task was not chosen"
pass "no desktop shortcut without the task"
[[ $(regval DisplayVersion) == "$V1" ]] || fail "uninstall key's DisplayVersion is '$(regval DisplayVersion)'"
[[ $(regval DisplayName) == "CRM Desktop" ]] || fail "uninstall key's DisplayName is '$(regval DisplayName)'"
[[ $(regval DisplayIcon) == *'\crm-desktop.exe' ]] || fail "uninstall key's DisplayIcon is '$(regval DisplayIcon)'"
[[ $(uninstall_entries) -eq 1 ]] || fail "$(uninstall_entries) uninstall entries"
pass "HKCU uninstall key $APP_ID, DisplayVersion $V1"
if grep -q -- '-- Run entry --' "$WORK/logs/install-$V1.log"; then fail "a silent install started the program"; fi
pass "a silent install does not start the program"

step "user data"
mkdir -p "$DATA/backups"
echo "not really a database" >"$DATA/crm.sqlite3"
echo "backup" >"$DATA/backups/pre-migration-v1-test.sqlite3"
DATA_SUM=$(cd "$DATA" && find . -type f -print0 | sort -z | xargs -0 md5sum)
data_kept() { [[ $(cd "$DATA" 2>/dev/null && find . -type f -print0 | sort -z | xargs -0 md5sum) == "$DATA_SUM" ]]; }

step "upgrade to $V2 with the desktop icon"
setup "$SETUP2" upgrade-$V2 /TASKS=desktopicon || fail "upgrade to $V2 exited $?"
[[ $(regval DisplayVersion) == "$V2" ]] || fail "after the upgrade DisplayVersion is '$(regval DisplayVersion)'"
[[ $(uninstall_entries) -eq 1 ]] || fail "$(uninstall_entries) uninstall entries after the upgrade"
[[ $(regval 'Inno Setup: App Path') == *'\Programs\CRM Desktop' ]] || fail "upgrade went elsewhere"
pass "upgrade in place: one uninstall entry, DisplayVersion $V2"
[[ ! -e $APP/_internal/stale-$V1.dll && ! -e $APP/_internal/stale_package ]] ||
    fail "files of $V1 that $V2 does not have are still in $APP/_internal"
[[ -f $APP/crm-desktop.exe && -d $APP/_internal ]] || fail "the upgrade left no program"
pass "files gone from the bundle were removed ([InstallDelete] {app}\\_internal)"
[[ -f $DESKTOP/$LNK ]] || fail "no desktop shortcut although /TASKS=desktopicon"
pass "desktop shortcut with the task"
data_kept || fail "the upgrade changed the data folder $DATA"
pass "data folder untouched by the upgrade"

step "reinstall with no /TASKS: the previous choice is kept"
setup "$SETUP2" reinstall-keep || fail "reinstall exited $?"
[[ -f $DESKTOP/$LNK ]] || fail "the desktop shortcut went although the task was not deselected"
pass "desktop shortcut kept (previous tasks remembered)"

step "reinstall with the desktop icon unticked"
setup "$SETUP2" reinstall-untick '/MERGETASKS=!desktopicon' || fail "reinstall exited $?"
[[ ! -e $DESKTOP/$LNK ]] || fail "the desktop shortcut stayed after its task was unticked"
pass "desktop shortcut removed when its task is unticked"

step "upgrade while the program runs"
setup "$SETUP1" downgrade-for-running-test || fail "reinstall of $V1 exited $?"
wine "$APP/crm-desktop.exe" >/dev/null 2>&1 &
prog=$!
sleep 5
# wine's Restart Manager finds and closes nothing: this is the path where closing the program
# fails on Windows (it did not close, or the user chose not to close it).
if kill -0 "$prog" 2>/dev/null; then
    rc=0; setup "$SETUP2" upgrade-while-running || rc=$?
    if [[ ! -f $APP/crm-desktop.exe ]] ||
        (($(find "$APP/_internal" -type f 2>/dev/null | wc -l) < $(find "$WORK/bundle-$V2/_internal" -type f | wc -l))); then
        kill "$prog" 2>/dev/null || true
        fail "upgrade while the program ran (exit $rc) left an incomplete program folder"
    elif [[ $rc -eq 0 ]]; then
        pass "upgrade while the program ran completed"
    else
        [[ $(regval DisplayVersion) == "$V1" ]] || fail "a refused upgrade changed DisplayVersion"
        pass "upgrade while the program ran was refused (exit $rc), $V1 left complete"
    fi
    # The uninstaller has no Restart Manager: it must refuse, not leave half a folder.
    urc=0
    wine "$APP/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES \
        "/LOG=$(w "$WORK/logs")\\uninstall-while-running.log" >/dev/null 2>&1 || urc=$?
    sleep 5
    if [[ ! -f $APP/unins000.exe || ! -d $APP/_internal || $(uninstall_entries) -ne 1 ]]; then
        kill "$prog" 2>/dev/null || true
        fail "uninstalling while the program ran (exit $urc) left a partial folder or no uninstall entry"
    fi
    pass "uninstall while the program ran was refused (exit $urc), program left complete"
    kill "$prog" 2>/dev/null || true
    wait "$prog" 2>/dev/null || true
else
    echo "SKIP: crm-desktop.exe does not stay running under wine: upgrade-while-running not checked"
fi
setup "$SETUP2" upgrade-after-running || fail "upgrade to $V2 exited $?"
data_kept || fail "the data folder changed"

step "uninstall"
wine "$APP/unins000.exe" /VERYSILENT /SUPPRESSMSGBOXES "/LOG=$(w "$WORK/logs")\\uninstall.log" >/dev/null 2>&1 ||
    fail "the uninstaller exited $?"
# It hands over to a copy of itself and returns at once: wait for the copy.
for _ in $(seq 60); do [[ -e $APP ]] || break; sleep 1; done
[[ ! -e $APP ]] || fail "the uninstaller left $APP: $(find "$APP" | head -5)"
[[ ! -e $STARTMENU/$LNK && ! -e $DESKTOP/$LNK ]] || fail "the uninstaller left a shortcut"
[[ $(uninstall_entries) -eq 0 ]] || fail "the uninstall key is still there"
pass "uninstaller removed the program folder, shortcuts and uninstall key"
data_kept || fail "the uninstaller touched the data folder $DATA"
pass "data folder untouched by the uninstaller: $(cd "$DATA" && find . -type f | tr '\n' ' ')"

wineserver -k 2>/dev/null || true
echo "all checks passed (logs in $WORK/logs)"
