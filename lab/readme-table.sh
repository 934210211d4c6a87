#!/bin/sh
# Replaces the README's block between <!-- NAME:begin --> and <!-- NAME:end -->
# with a table and the command that made it.
#
#   lab/readme-table.sh README NAME TABLE_FILE COMMAND
set -eu
readme=$1 name=$2 table=$3 cmd=$4
grep -q "<!-- $name:begin -->" "$readme" || { echo "readme-table: no <!-- $name:begin --> in $readme" >&2; exit 1; }
awk -v name="$name" -v table="$table" -v cmd="$cmd" '
	$0 == "<!-- " name ":begin -->" {
		print; print ""; print "Made by `" cmd "`:"; print ""
		while ((getline line < table) > 0) print line
		print ""; skip = 1; next
	}
	$0 == "<!-- " name ":end -->" { skip = 0 }
	!skip' "$readme" > "$readme.tmp"
mv "$readme.tmp" "$readme"
