#!/usr/bin/env bash
# Regenerates samples/pdf/, samples/expected/pdf/ and samples/broken/ (see scripts/make-sample-pdfs.ts).
# Installs what the conversion needs when it is missing: LibreOffice Writer, CJK fonts,
# poppler (pdftotext/pdftoppm, with poppler-data for CJK), qpdf and img2pdf.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -d /usr/share/poppler/cMap ] || need+=(poppler-data)
command -v qpdf >/dev/null || need+=(qpdf)
command -v img2pdf >/dev/null || need+=(img2pdf)
fc-list | grep -q 'Noto Serif CJK' || need+=(fonts-noto-cjk)
fc-list | grep -q 'WenQuanYi Zen Hei' || need+=(fonts-wqy-zenhei)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

export PATH="$PWD/node_modules/.bin:$PATH"
node scripts/make-sample-pdfs.ts
