# Helpers of the leaderboard's TUI tests (sourced after tmux.sh):
#   rows_match PERIOD N   the first N rows of the board are on screen
#   ascii_only            nothing but printable ASCII on screen
rows_match() {
	curl -s "$GUILD_URL/api/v1/leaderboard?period=$1&limit=$2" |
	    jq -r '.items[] | "\(.rank) \(.username) \(.level) \(.points)"' |
	    while read -r r u l p; do
		pane | grep -qE "(^|[^0-9])$r +$u +L$l +$p *\$" || return 1
	done
}
ascii_only() {
	[ "$(pane | LC_ALL=C tr -d '\n -~' | wc -c)" -eq 0 ]
}
