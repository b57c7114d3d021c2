# Helpers shared by the workbench smoke scripts. Source this file; it does nothing when run.
#
# The functions read these globals, which the sourcing script sets: BIN (the swifthealth binary), TMUX_CMD (tmux
# with the script's private socket), SESSION (the tmux session under test), STATE (a temporary folder) and
# FAILURES (the count of failed checks).

# Exits with status 1 unless $BIN is executable and tmux is installed, and makes $BIN an absolute path.
# $1 is the script name that prefixes the error messages.
require_binary_and_tmux() {
    if [[ ! -x "$BIN" ]]; then
        echo "$1: $BIN not found or not executable; run 'swift build' first or pass the binary's path" >&2
        exit 1
    fi
    BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")
    if ! command -v tmux >/dev/null; then
        echo "$1: tmux not found; install tmux to run this test" >&2
        exit 1
    fi
}

# Stops the private tmux server and removes $STATE. The scripts install it as their EXIT trap.
cleanup() {
    "${TMUX_CMD[@]}" kill-server 2>/dev/null
    rm -rf "$STATE"
}

# Runs the command after the description $1, prints ok or FAIL, and counts failures in $FAILURES.
check() {
    local description=$1
    shift
    if "$@"; then
        echo "ok    $description"
    else
        echo "FAIL  $description"
        FAILURES=$((FAILURES + 1))
    fi
}

capture() { "${TMUX_CMD[@]}" capture-pane -t "$SESSION" -p; }
keys() { "${TMUX_CMD[@]}" send-keys -t "$SESSION" "$@"; }
pane_flag() { "${TMUX_CMD[@]}" display-message -t "$SESSION" -p "#{$1}"; }
flag_is() { [[ "$(pane_flag "$1")" == "$2" ]]; }
file_is() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }
