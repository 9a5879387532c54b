# doc/api.md documents every route guildd serves, and nothing it does not:
# its "### METHOD /path" headings must equal `guildd routes`.
. "$(dirname "$0")/../lib.sh"

doc="$GUILD_TOP/doc/api.md"
if "$GUILDD_BIN" routes >"$T/served" 2>"$T/routes.err"; then
	ok "guildd routes runs"
else
	fail "guildd routes runs" "$(cat "$T/routes.err")"
fi
sort -u "$T/served" -o "$T/served"
grep -E '^### (GET|HEAD|POST|PUT|PATCH|DELETE) /' "$doc" |
    sed 's/^### //; s/[[:space:]]*$//' | sort -u >"$T/documented"

n=$(wc -l <"$T/served")
if [ "$n" -ge 7 ]; then ok "guildd serves $n routes"; else
	fail "guildd serves at least 7 routes" "only $n"
fi
while read -r route; do
	if grep -qxF "$route" "$T/documented"; then
		ok "documented: $route"
	else
		fail "documented: $route" "no '### $route' heading in doc/api.md"
	fi
done <"$T/served"
while read -r route; do
	if grep -qxF "$route" "$T/served"; then
		ok "served: $route"
	else
		fail "served: $route" "doc/api.md documents a route guildd does not serve"
	fi
done <"$T/documented"
