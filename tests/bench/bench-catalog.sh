#!/bin/sh
# Catalog read latency: GET /api/v1/courses (first page, and a detail) on
# the demo database, N requests over one kept-alive connection. Prints
# p50 / p99 / requests per second. Figures only; nothing is asserted.
. "$(dirname "$0")/../lib.sh"
N=${BENCH_N:-500}
guildd_start --demo >/dev/null || exit 1

# One curl process, N URLs: the connection is reused, so the figures are
# the server's, not process start-up.
measure() {
	_path=$1
	_args=""
	i=0
	while [ $i -lt "$N" ]; do
		echo "url = \"$GUILD_URL$_path\""
		echo "output = /dev/null"
		i=$((i + 1))
	done >"$T/urls"
	_start=$(date +%s.%N)
	curl -s -K "$T/urls" -w '%{time_total}\n' >"$T/times"
	_end=$(date +%s.%N)
	sort -n "$T/times" | awk -v n="$N" -v s="$_start" -v e="$_end" \
	    -v p="$_path" '
	    { t[NR] = $1 }
	    END {
		printf "%-36s p50 %.2f ms  p99 %.2f ms  %.0f req/s\n", p,
		    t[int(NR * 0.50)] * 1000, t[int(NR * 0.99)] * 1000,
		    n / (e - s)
	    }'
}
measure "/api/v1/courses"
measure "/api/v1/courses?level=advanced&limit=50"
measure "/api/v1/courses/1"
measure "/healthz"
