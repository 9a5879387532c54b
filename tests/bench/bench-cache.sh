#!/bin/sh
# The response cache as a user feels it: wall time of `guild courses` on
# the demo server cold (empty cache: a 200 and a store), warm (a 304
# revalidation) and --offline (no network at all), N runs each. Prints
# the median and the spread. Figures only; nothing is asserted.
. "$(dirname "$0")/../lib.sh"
N=${BENCH_N:-21}
guildd_start --demo >/dev/null || exit 1
cache="$XDG_CACHE_HOME/guild"

# measure NAME PREP ARGS...: runs PREP then guild ARGS, N times, timing
# guild alone; prints the median, min and max in milliseconds.
measure() {
	_name=$1 _prep=$2
	shift 2
	: >"$T/times"
	i=0
	while [ $i -lt "$N" ]; do
		eval "$_prep"
		_s=$(date +%s%N)
		"$GUILD_BIN" "$@" >/dev/null 2>&1 || echo "# $_name: guild failed"
		_e=$(date +%s%N)
		echo $(( (_e - _s) / 1000 )) >>"$T/times"
		i=$((i + 1))
	done
	sort -n "$T/times" | awk -v name="$_name" '
	    { t[NR] = $1 }
	    END {
		printf "%-34s median %6.2f ms  min %6.2f  max %6.2f  (%d runs)\n",
		    name, t[int((NR + 1) / 2)] / 1000, t[1] / 1000,
		    t[NR] / 1000, NR
	    }'
}

count_304() {
	grep -c 'GET /api/v1/courses 304 ' "$T/guildd.err"
}

measure "cold (empty cache, 200 + store)" 'rm -rf "$cache"' courses
"$GUILD_BIN" courses >/dev/null 2>&1
before=$(count_304)
measure "warm (If-None-Match, 304)" ':' courses
echo "# warm runs answered 304: $(( $(count_304) - before )) of $N"
measure "--offline (cache only)" ':' --offline courses
