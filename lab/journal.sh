#!/bin/sh
# Reads the lab's output disk, the journal lab/snapshot writes: segments in
# order, each a 64 KiB block that starts "VQB-SEG seq=N size=S sha256=H"
# and then a tar of S bytes (from the next 64 KiB), extracted one over the
# other into DIR. It stops at the first segment that is missing, out of
# sequence, cut or altered: what a kill during a save leaves. Prints the sequence number of the last good
# segment; exit 1 if there is none.
#   lab/journal.sh IMAGE DIR
set -u
img=$1 dir=$2
rm -rf "$dir" && mkdir -p "$dir" || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
off=0 last=0
while :; do
	head=$(dd if="$img" bs=512 skip=$((off * 128)) count=1 2>/dev/null | tr -d '\000' | head -n 1)
	case $head in
	"VQB-SEG seq=$((last + 1)) size="*) ;;
	*) break ;;
	esac
	size=${head#*size=} size=${size%% *}
	sum=${head#*sha256=}
	case $size in '' | *[!0-9]*) break ;; esac
	dd if="$img" of="$tmp/seg.tar" bs=1M iflag=skip_bytes,count_bytes \
		skip=$(((off + 1) * 65536)) count="$size" 2>/dev/null || break
	[ "$(wc -c < "$tmp/seg.tar")" = "$size" ] || break
	[ "$(sha256sum < "$tmp/seg.tar" | cut -d ' ' -f 1)" = "$sum" ] || break
	tar -xf "$tmp/seg.tar" -C "$dir" || break
	last=$((last + 1))
	off=$((off + 1 + (size + 65535) / 65536))
done
[ $last -gt 0 ] || exit 1
echo $last
