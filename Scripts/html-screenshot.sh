#!/usr/bin/env bash
# Renders the HTML report of the sample logs with headless Chromium and saves one screenshot per
# width (a phone's 400 px and a desktop's 1200 px by default), to check the report by eye.
# Needs: apt-get install chromium. Usage:
#   Scripts/html-screenshot.sh [OUT-PREFIX] [WIDTH ...]       # OUT-PREFIX-400.png, OUT-PREFIX-1200.png
#   HTML=report.html Scripts/html-screenshot.sh shot 400      # an existing report, no build
#   MAILCODES_ARGS="--lang zh" Scripts/html-screenshot.sh     # extra options for analyze
# Headless Chromium lays a window out at least 500 px wide: a narrower width is shown through an
# iframe of that width (its own viewport, so the page's media queries apply), then cropped.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-mailcodes-report}
shift || true
widths=("$@")
[ ${#widths[@]} -gt 0 ] || widths=(400 1200)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html=${HTML:-}
if [ -z "$html" ]; then
  html="$work/report.html"
  # shellcheck disable=SC2086
  swift run -c release mailcodes analyze --year 2026 --format html ${MAILCODES_ARGS:-} -o "$html" \
    SampleLogs/postfix/mail.log.1.gz SampleLogs/postfix/mail.log SampleLogs/exim/mainlog
fi
html=$(realpath "$html")
height=${HEIGHT:-3000}
for width in "${widths[@]}"; do
  page="file://$html"
  window=$width
  if [ "$width" -lt 500 ]; then
    cat > "$work/frame-$width.html" <<EOF
<!DOCTYPE html><html><body style="margin:0"><iframe src="file://$html" style="border:0;width:${width}px;height:${height}px"></iframe></body></html>
EOF
    page="file://$work/frame-$width.html"
    window=500
  fi
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
    --window-size="$window,$height" --screenshot="$work/shot.png" "$page" 2>/dev/null
  if [ "$window" != "$width" ]; then
    python3 - "$work/shot.png" "$width" "$prefix-$width.png" <<'EOF'
import struct, sys, zlib
# Crops a PNG to its left WIDTH columns (8-bit RGB or RGBA, as Chromium writes them).
src, width, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
data = open(src, "rb").read()
chunks, pos = [], 8
while pos < len(data):
    n = struct.unpack(">I", data[pos:pos + 4])[0]
    chunks.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]))
    pos += 12 + n
ihdr = chunks[0][1]
w, h, depth, color = struct.unpack(">IIBB", ihdr[:10])
channels = {2: 3, 6: 4}[color]
raw = zlib.decompress(b"".join(d for t, d in chunks if t == b"IDAT"))
stride, bpp = w * channels, channels
rows, prev, i = [], bytearray(stride), 0
for _ in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line[:width * channels]))
    prev = line
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
body = zlib.compress(b"".join(b"\0" + r for r in rows))
open(out, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, h, depth, color, 0, 0, 0))
                      + chunk(b"IDAT", body) + chunk(b"IEND", b""))
EOF
  else
    cp "$work/shot.png" "$prefix-$width.png"
  fi
  echo "screenshot: $prefix-$width.png"
done
