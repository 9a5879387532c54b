# Helpers of the leaderboard's TUI tests (sourced after tmux.sh):
#   rows_match PERIOD N   the first N rows of the board are on screen
#   tail_match PERIOD N   its last N rows (?around=last) are on screen
#   ascii_only            nothing but printable ASCII on screen
# rows_shown QUERY: every row the leaderboard answers QUERY with is on
# screen, as rank, member, level and points.
rows_shown() {
	curl -s "$GUILD_URL/api/v1/leaderboard?$1" |
	    jq -r '.items[] | "\(.rank) \(.username) \(.level) \(.points)"' |
	    while read -r r u l p; do
		pane | grep -qE "(^|[^0-9])$r +$u +L$l +$p *\$" || return 1
	done
}
rows_match() { rows_shown "period=$1&limit=$2"; }
tail_match() { rows_shown "period=$1&limit=$2&around=last"; }
ascii_only() {
	[ "$(pane | LC_ALL=C tr -d '\n -~' | wc -c)" -eq 0 ]
}
