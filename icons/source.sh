#!/usr/bin/env bash
# Draws icons/source.png (1024x1024 RGBA), the master of the app icon: a film frame with a
# spark on a violet-to-amber tile. The per-platform sizes are generated from it with
#   npx @tauri-apps/cli@2.12.4 icon icons/source.png --output <tmp>
# keeping only the desktop files (the *.png, icon.ico, icon.icns; not android/ or ios/).
# Needs ImageMagick 6 (`convert`).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 4-point star centred at (cx, cy): outer radius r, inner radius r*k.
star() {
  awk -v cx="$1" -v cy="$2" -v r="$3" -v k="$4" 'BEGIN {
    pi = atan2(0, -1); pts = "";
    for (i = 0; i < 8; i++) {
      a = -pi / 2 + i * pi / 4; rad = (i % 2 == 0) ? r : r * k;
      pts = pts sprintf("%.1f,%.1f ", cx + rad * cos(a), cy + rad * sin(a));
    }
    print pts
  }'
}

# Tile: diagonal gradient clipped to a rounded square (transparent corners).
convert -size 1024x1024 -define gradient:angle=135 gradient:'#5b21b6'-'#f97316' \
  \( -size 1024x1024 radial-gradient:'#ffffff55'-'#ffffff00' -geometry +0-300 \) -compose screen -composite \
  "$work/grad.png"
convert -size 1024x1024 xc:none -fill white -draw "roundrectangle 40,40 983,983 210,210" "$work/mask.png"
convert "$work/grad.png" "$work/mask.png" -alpha off -compose copy_opacity -composite "$work/tile.png"

# Film frame: a cream strip with a window and sprocket holes (grey mask: white = opaque),
# slightly tilted.
holes=""
for x in 262 347 432 517 602 687; do
  holes="$holes roundrectangle $x,311 $((x + 44)),343 9,9 roundrectangle $x,681 $((x + 44)),713 9,9"
done
convert -size 1024x1024 xc:black \
  -fill white -draw "roundrectangle 212,282 812,742 46,46" \
  -fill black -draw "roundrectangle 262,372 762,652 22,22" -draw "$holes" \
  "$work/frame-mask.png"
convert "$work/frame-mask.png" -background '#fff7ed' -alpha shape \
  -background none -rotate -8 -gravity center -extent 1024x1024 "$work/frame.png"

# Shadow under the frame.
convert "$work/frame.png" -background '#1e0b3a' -shadow 55x18+0+22 \
  -gravity center -background none -extent 1024x1024 "$work/shadow.png"

# Spark: a big four-point star over the frame's corner and a small companion.
convert -size 1024x1024 xc:none \
  -fill '#fde68a' -draw "polygon $(star 742 292 190 0.22)" \
  -fill white -draw "polygon $(star 742 292 120 0.2)" \
  -fill '#fff7ed' -draw "polygon $(star 860 446 62 0.26)" \
  "$work/spark.png"
convert "$work/spark.png" -background '#fbbf24' -shadow 80x22+0+0 \
  -gravity center -background none -extent 1024x1024 "$work/glow.png"

# Play triangle in the frame window.
convert -size 1024x1024 xc:none -fill '#fff7ed' \
  -draw "polygon 466,440 466,584 590,512" \
  -background none -rotate -8 -gravity center -extent 1024x1024 "$work/play.png"

convert "$work/tile.png" \
  "$work/shadow.png" -compose over -composite \
  "$work/frame.png" -compose over -composite \
  "$work/play.png" -compose over -composite \
  "$work/glow.png" -compose screen -composite \
  "$work/spark.png" -compose over -composite \
  \( "$work/mask.png" -alpha extract \) -compose copy_opacity -composite \
  -strip PNG32:source.png
echo "wrote $(pwd)/source.png"
