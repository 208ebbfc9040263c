#!/usr/bin/env bash
# Sign the .app with a Developer ID and notarize the app and the disk image, with credentials
# taken from the environment only; each step is skipped, with a message, when they are absent.
#
#   packaging/macos/sign_and_notarize.sh sign-app ["dist/CRM Desktop.app"]
#   packaging/macos/sign_and_notarize.sh notarize-app ["dist/CRM Desktop.app"]  (then make_dmg.sh)
#   packaging/macos/sign_and_notarize.sh sign-dmg DMG
#   packaging/macos/sign_and_notarize.sh notarize DMG
#
# Both the app and the disk image get a stapled ticket: an app dragged out of the image to
# /Applications then opens on a Mac with no network, without asking Apple for its ticket.
#
# Signing: APPLE_SIGNING_IDENTITY, e.g. "Developer ID Application: Example Ltd (TEAMID1234)".
#   In CI the certificate comes as APPLE_CERTIFICATE_P12_BASE64 (a base64 .p12 export) and
#   APPLE_CERTIFICATE_PASSWORD; it goes into a temporary keychain deleted when the script ends.
# Notarizing: either APPLE_ID, APPLE_TEAM_ID and APPLE_APP_PASSWORD (an app-specific password),
#   or an App Store Connect API key: APPLE_API_KEY_PATH (.p8 file), APPLE_API_KEY_ID,
#   APPLE_API_ISSUER.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
step="${1:-}"
target="${2:-}"

scratch=""
keychain=""
skip() { echo "sign_and_notarize: $*"; exit 0; }
cleanup() {
  if [ -n "$keychain" ]; then security delete-keychain "$keychain" 2>/dev/null || true; fi
  if [ -n "$scratch" ]; then rm -rf "$scratch"; fi
}
trap cleanup EXIT

import_certificate() {  # CI: the .p12 from the environment into a temporary keychain
  [ -n "${APPLE_CERTIFICATE_P12_BASE64:-}" ] || return 0
  scratch=$(mktemp -d)
  keychain="$scratch/crm-signing.keychain-db"
  local password
  password=$(uuidgen)
  echo "$APPLE_CERTIFICATE_P12_BASE64" | base64 --decode > "$scratch/cert.p12"
  security create-keychain -p "$password" "$keychain"
  security set-keychain-settings -lut 3600 "$keychain"
  security unlock-keychain -p "$password" "$keychain"
  security import "$scratch/cert.p12" -k "$keychain" -P "${APPLE_CERTIFICATE_PASSWORD:-}" \
    -T /usr/bin/codesign
  rm -f "$scratch/cert.p12"
  security set-key-partition-list -S apple-tool:,apple: -s -k "$password" "$keychain" >/dev/null
  # shellcheck disable=SC2046  # the existing keychains, one word each
  security list-keychains -d user -s "$keychain" $(security list-keychains -d user | tr -d '"')
}

sign() {  # sign one library or framework: the hardened runtime and a secure timestamp
  codesign --force --timestamp --options runtime --sign "$APPLE_SIGNING_IDENTITY" "$1"
}

sign_program() {  # the app's executable and the app: the same, with the entitlements
  codesign --force --timestamp --options runtime \
    --entitlements "$here/entitlements.plist" --sign "$APPLE_SIGNING_IDENTITY" "$1"
}

sign_app() {
  local app="${target:-dist/CRM Desktop.app}"
  [ -d "$app" ] || { echo "sign_and_notarize: no app at $app" >&2; exit 1; }
  [ -n "${APPLE_SIGNING_IDENTITY:-}" ] || \
    skip "APPLE_SIGNING_IDENTITY is not set: the app keeps PyInstaller's ad-hoc signature (it runs here, but Gatekeeper warns on other Macs)"
  import_certificate
  # Inside out: every Mach-O library and program, then the frameworks, then the app itself.
  while IFS= read -r -d '' file; do
    # Not `file | grep -q`: with pipefail, grep quitting early can fail the pipe.
    if [[ $(file -b "$file") == *Mach-O* ]]; then sign "$file"; fi
  done < <(find "$app/Contents" -type f ! -path "*/Contents/MacOS/*" -print0)
  while IFS= read -r -d '' framework; do sign "$framework"; done \
    < <(find "$app/Contents" -type d -name "*.framework" -print0)
  sign_program "$app/Contents/MacOS/"*
  sign_program "$app"
  codesign --verify --deep --strict --verbose=2 "$app"
  echo "sign_and_notarize: signed $app"
}

sign_dmg() {
  [ -f "$target" ] || { echo "sign_and_notarize: no disk image at '$target'" >&2; exit 1; }
  [ -n "${APPLE_SIGNING_IDENTITY:-}" ] || skip "APPLE_SIGNING_IDENTITY is not set: the disk image stays unsigned"
  import_certificate
  codesign --force --timestamp --sign "$APPLE_SIGNING_IDENTITY" "$target"
  echo "sign_and_notarize: signed $target"
}

credentials=()
notary_credentials() {  # into credentials, or skip the step (what is signed stays signed)
  [ -n "${APPLE_SIGNING_IDENTITY:-}" ] || skip "APPLE_SIGNING_IDENTITY is not set: nothing signed, so nothing to notarize"
  if [ -n "${APPLE_API_KEY_PATH:-}" ] && [ -n "${APPLE_API_KEY_ID:-}" ] && [ -n "${APPLE_API_ISSUER:-}" ]; then
    credentials=(--key "$APPLE_API_KEY_PATH" --key-id "$APPLE_API_KEY_ID" --issuer "$APPLE_API_ISSUER")
  elif [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]; then
    credentials=(--apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" --password "$APPLE_APP_PASSWORD")
  else
    skip "no notarization credentials (APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD or an API key): $1 is signed but not notarized"
  fi
}

submit() {  # send $1 to Apple and wait; fail with Apple's log unless it was accepted
  local answer status id
  # `submit --wait` exits 0 even when Apple finds the upload Invalid: read the status.
  answer=$(xcrun notarytool submit "$1" "${credentials[@]}" --wait --timeout 30m --output-format json)
  echo "$answer"
  status=$(plutil -extract status raw - <<<"$answer")
  if [ "$status" != "Accepted" ]; then
    id=$(plutil -extract id raw - <<<"$answer")
    xcrun notarytool log "$id" "${credentials[@]}" || true
    echo "sign_and_notarize: notarization of $1: $status (Apple's log above)" >&2
    exit 1
  fi
}

notarize_app() {
  local app="${target:-dist/CRM Desktop.app}"
  [ -d "$app" ] || { echo "sign_and_notarize: no app at $app" >&2; exit 1; }
  notary_credentials "$app"
  scratch=$(mktemp -d)
  ditto -c -k --keepParent "$app" "$scratch/app.zip"  # notarytool takes a zip, not a folder
  submit "$scratch/app.zip"
  xcrun stapler staple "$app"
  xcrun stapler validate "$app"
  echo "sign_and_notarize: notarized and stapled $app"
}

notarize() {
  [ -f "$target" ] || { echo "sign_and_notarize: no disk image at '$target'" >&2; exit 1; }
  notary_credentials "$target"
  submit "$target"
  xcrun stapler staple "$target"
  xcrun stapler validate "$target"
  echo "sign_and_notarize: notarized and stapled $target"
}

case "$step" in
  sign-app) sign_app ;;
  notarize-app) notarize_app ;;
  sign-dmg) sign_dmg ;;
  notarize) notarize ;;
  *) echo "usage: $0 sign-app [APP] | notarize-app [APP] | sign-dmg DMG | notarize DMG" >&2; exit 2 ;;
esac
