#!/usr/bin/env bash
# Renders the HTML report of the sample logs with headless Chromium and saves a screenshot, to
# check the report by eye (issue 6). Needs: apt-get install chromium. Usage:
#   Scripts/html-screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-mailcodes-report.png}
html=$(mktemp --suffix=.html)
trap 'rm -f "$html"' EXIT
swift run -c release mailcodes analyze --year 2026 --format html -o "$html" \
  SampleLogs/postfix/mail.log.1.gz SampleLogs/postfix/mail.log SampleLogs/exim/mainlog
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,3000 \
  --screenshot="$out" "file://$html" 2>/dev/null
echo "screenshot: $out"
