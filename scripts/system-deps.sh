#!/usr/bin/env bash
# Install (as root, with apt-get) or check the Debian packages Naleving needs.
#   run:  Pango for WeasyPrint's PDFs, fonts
#   test: the above, plus poppler-utils (pdftotext, pdftoppm), Debian's chromium for the browser tests, and
#         Node.js with npm for the OpenID provider of the single sign-on tests (tests/oidc)
set -euo pipefail
purpose="${1:-run}"

# libharfbuzz-subset0: WeasyPrint subsets the embedded fonts with HarfBuzz; without it, with fontTools in Python,
# about a sixth of a long report's processor time (docs/performance.md)
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
if [ "$purpose" = "test" ]; then
  packages+=(poppler-utils chromium)
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "naleving: installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi

echo "naleving: missing system packages: ${missing[*]}" >&2
echo "naleving: install them with: sudo apt-get install ${missing[*]}" >&2
exit 1
