#!/usr/bin/env bash
# Regenerates samples/doc/, samples/expected/doc/ and the broken .doc samples (see scripts/make-sample-doc.ts).
# Installs what the conversion needs when it is missing: LibreOffice Writer and
# LibreOffice's Python bridge (to save a password-protected .doc).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
/usr/bin/python3 -c 'import uno' 2>/dev/null || need+=(python3-uno)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

export PATH="$PWD/node_modules/.bin:$PATH"
node scripts/make-sample-doc.ts
