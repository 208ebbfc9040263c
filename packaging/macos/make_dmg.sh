#!/usr/bin/env bash
# Make a drag-to-Applications disk image of the .app: run from the repository root after
#   python packaging/build.py   (and packaging/macos/sign_and_notarize.sh sign-app and
#   notarize-app, to sign the app and staple its ticket before it goes into the image)
# Usage: packaging/macos/make_dmg.sh [APP] [DMG]
#   APP defaults to "dist/CRM Desktop.app"; DMG to dist/CRM-Desktop-<version>-macos-<arch>.dmg.
# Uses create-dmg (brew install create-dmg) for a laid-out window when it is installed, else
# plain hdiutil: a compressed image holding the app and a link to /Applications.
set -euo pipefail

app="${1:-dist/CRM Desktop.app}"
[ -d "$app" ] || { echo "make_dmg: no app at $app: run python packaging/build.py first" >&2; exit 1; }
version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
arch=$(uname -m)  # arm64 or x86_64: the machine that built the bundle
dmg="${2:-dist/CRM-Desktop-$version-macos-$arch.dmg}"
volume="CRM Desktop"
rm -f "$dmg"

# hdiutil fails now and then with "Resource busy" on fresh macOS runners (a scan of the new
# image holds it): try again a few times, waiting a little longer each time.
retry() {
  local try
  for try in 1 2 3 4 5; do
    rm -f "$dmg"
    if "$@"; then return 0; fi
    [ "$try" = 5 ] && return 1
    echo "make_dmg: failed (try $try), again in $((try * 5)) s"
    sleep $((try * 5))
  done
}

if command -v create-dmg >/dev/null 2>&1; then
  echo "make_dmg: create-dmg"
  retry create-dmg \
    --volname "$volume" \
    --window-pos 200 120 \
    --window-size 560 340 \
    --icon-size 96 \
    --icon "$(basename "$app")" 140 150 \
    --hide-extension "$(basename "$app")" \
    --app-drop-link 420 150 \
    --no-internet-enable \
    "$dmg" "$app"
else
  echo "make_dmg: hdiutil (install create-dmg for a laid-out window)"
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  ditto "$app" "$staging/$(basename "$app")"
  ln -s /Applications "$staging/Applications"
  retry hdiutil create -volname "$volume" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"
fi
hdiutil verify "$dmg"
echo "make_dmg: $dmg ($(du -h "$dmg" | cut -f1))"
