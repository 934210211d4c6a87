# Sourced by the lab's scripts (after setting $here to lab/, or
# $vqb_exit_h to the header): the exit statuses as shell variables, read
# from their one home, include/virqbench/exit_codes.h, so a script and the
# C programs cannot disagree about what a number means.
vqb_exit_h=${vqb_exit_h:-"$here/../include/virqbench/exit_codes.h"}
if [ ! -f "$vqb_exit_h" ]; then
	echo "lab: $vqb_exit_h is missing" >&2
	exit 2
fi
eval "$(sed -n 's/^#define \(EXIT_[A-Z_]*\) \([0-9][0-9]*\)$/\1=\2/p' "$vqb_exit_h")"
# A header edited out of the one-line shape would leave these unset.
: "${EXIT_OK:?}" "${EXIT_MEASURE:?}" "${EXIT_USAGE:?}" "${EXIT_LAB:?}" \
	"${EXIT_LAB_UNFINISHED:?}" "${EXIT_INTERRUPTED:?}"
