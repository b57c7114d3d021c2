#!/usr/bin/env bash
# Smoke test of the ncurses workbench in a real terminal. It runs `swifthealth workbench --test-session` inside a
# detached tmux server on a private socket and reads the screen back with capture-pane. It checks drawing, keys,
# a mouse click, resizing, quitting, signals and a crash, and that the terminal is restored after each exit.
#
# usage: Tests/WorkbenchSmoke/smoke.sh [PATH_TO_SWIFTHEALTH]   (default: .build/debug/swifthealth)
# Exit status 0 when every check passes, 1 otherwise. Needs tmux 3.x. The sleeps are generous on purpose, so a
# loaded CI machine does not turn a slow redraw into a failure.
set -u

BIN=${1:-.build/debug/swifthealth}
source "$(dirname "$0")/lib.sh"
require_binary_and_tmux smoke

TMUX_CMD=(tmux -L swifthealth-smoke -f /dev/null)
SESSION=none
RUNS=0
STATE=$(mktemp -d)
FAILURES=0
trap cleanup EXIT

screen_contains() { capture | grep -qF -- "$1"; }
screen_lacks() { ! capture | grep -qF -- "$1"; }
row_starts_with() { capture | sed -n "$1p" | grep -q "^$2"; }
test_not() { ! "$@"; }

# Waits up to $1 seconds for a file to appear, so the checks after an exit do not race the shell.
wait_for_file() {
    local deadline=$((SECONDS + $1))
    # -s rather than -f: the shell creates the file before it writes the value.
    while [[ ! -s "$2" && $SECONDS -lt $deadline ]]; do sleep 0.2; done
    [[ -s "$2" ]]
}

# The pane records the workbench's pid, then after it exits its status and the terminal modes, and stays open
# so the screen can still be read. Arguments are extra environment settings (NAME=value) for the workbench.
start_workbench() {
    rm -f "$STATE"/pid "$STATE"/exit "$STATE"/stty
    # A fresh session per run on the same server: restarting the server races with its shutdown.
    "${TMUX_CMD[@]}" kill-session -t "$SESSION" 2>/dev/null
    RUNS=$((RUNS + 1))
    SESSION=smoke$RUNS
    "${TMUX_CMD[@]}" new-session -d -s "$SESSION" -x 100 -y 30 \
        "sh -c 'echo \$\$ > $STATE/pid; exec env $* \"$BIN\" workbench --test-session 2> $STATE/stderr'; echo \$? > $STATE/exit; stty -a > $STATE/stty; sleep 120"
    # On a loaded machine tmux can take seconds to start the pane, so wait for its process id before the pause
    # that lets the workbench draw its first screen.
    wait_for_file 30 "$STATE/pid" || echo "smoke: the tmux pane did not start within 30 s" >&2
    sleep 3
}

terminal_restored() {
    # Canonical mode and echo back on, cursor shown, main screen back, mouse reporting off.
    grep -qE '(^| )icanon( |$)' "$STATE/stty" && grep -qE '(^| )echo( |$)' "$STATE/stty" \
        && flag_is cursor_flag 1 && flag_is alternate_on 0 && flag_is mouse_any_flag 0 && flag_is mouse_standard_flag 0
}

echo "== refusals outside a terminal"
"$BIN" workbench --test-session > "$STATE/out" 2> "$STATE/err" < /dev/null
status=$?
check "redirected output exits with 1" test "$status" -eq 1
check "redirected output names the problem" grep -q "standard output is not" "$STATE/err"

echo "== drawing, keys, mouse"
start_workbench
check "header drawn" row_starts_with 1 " SwiftHealth workbench · terminal test session"
check "list border drawn" row_starts_with 2 "┌─ Items "
check "counter pane drawn" screen_contains "┌─ Counter "
check "alternate screen in use" flag_is alternate_on 1
check "cursor hidden" flag_is cursor_flag 0
ticks_before=$(capture | sed -n 's/^ SwiftHealth.*tick \([0-9]*\).*/\1/p')
sleep 1
ticks_after=$(capture | sed -n 's/^ SwiftHealth.*tick \([0-9]*\).*/\1/p')
check "background counter redraws ($ticks_before then $ticks_after)" test "${ticks_after:-0}" -gt "${ticks_before:-0}"

keys j j
sleep 1
check "j j selects row 03" screen_contains "│▶ row 03"
keys Down
sleep 1
check "Down selects row 04" screen_contains "│▶ row 04"
keys End
sleep 1
check "End selects row 40" screen_contains "│▶ row 40"
keys BTab
sleep 1
check "Shift-Tab decoded" screen_contains "last input  backTab"

# An X10 mouse press of button 1 at column 11, row 6 (1-based, each plus 32), then its release. The list's first
# row is screen row 3, so after Home row 6 shows the fourth item.
keys Home
sleep 1
keys -H 1b 5b 4d 20 2b 26
keys -H 1b 5b 4d 23 2b 26
sleep 1
check "mouse press selects row 04" screen_contains "│▶ row 04"

echo "== resize"
"${TMUX_CMD[@]}" resize-window -t "$SESSION" -x 60 -y 15
sleep 2
check "too-small message at 60x15" screen_contains "Terminal too small: 60×15"
"${TMUX_CMD[@]}" resize-window -t "$SESSION" -x 100 -y 30
sleep 2
check "too-small message gone at 100x30" screen_lacks "Terminal too small"
check "header back at 100x30" row_starts_with 1 " SwiftHealth workbench"
check "size shown as 100x30" screen_contains "size        100×30"

echo "== quit"
keys q
check "workbench exited" wait_for_file 10 "$STATE/exit"
check "exit status 0" file_is "$STATE/exit" 0
check "terminal restored after q" terminal_restored
check "nothing written to stderr" test ! -s "$STATE/stderr"

echo "== SIGTERM"
start_workbench
check "header drawn again" row_starts_with 1 " SwiftHealth workbench"
kill -TERM "$(cat "$STATE/pid")"
check "workbench exited after SIGTERM" wait_for_file 10 "$STATE/exit"
check "exit status 143 (128 + SIGTERM)" file_is "$STATE/exit" 143
check "terminal restored after SIGTERM" terminal_restored

echo "== crash (F12 calls fatalError)"
# After the workbench restores the terminal, the Swift runtime's backtracer reports the crash. In a terminal it
# would wait 30 s for a key, so SWIFT_BACKTRACE turns that off. A Swift trap is SIGILL on x86-64 and SIGTRAP on arm64.
start_workbench SWIFT_BACKTRACE=interactive=no
keys F12
check "workbench exited after the crash" wait_for_file 30 "$STATE/exit"
check "exit status 132 or 133 (128 + SIGILL or SIGTRAP)" grep -qxE '13[23]' "$STATE/exit"
check "terminal restored after the crash" terminal_restored

echo "== SIGSEGV from outside"
# With the backtracer off, the previous handler is the default action, so the re-raised signal ends the process.
# With it on, the backtracer reports a SIGSEGV sent by kill and returns, and the process keeps running because no
# instruction faults again.
start_workbench SWIFT_BACKTRACE=enable=no
kill -SEGV "$(cat "$STATE/pid")"
check "workbench exited after SIGSEGV" wait_for_file 30 "$STATE/exit"
check "exit status 139 (128 + SIGSEGV)" file_is "$STATE/exit" 139
check "terminal restored after SIGSEGV" terminal_restored

echo "== TERM=dumb"
start_workbench TERM=dumb
check "TERM=dumb exits" wait_for_file 10 "$STATE/exit"
check "TERM=dumb exits with 1" file_is "$STATE/exit" 1
check "TERM=dumb names the problem" grep -q "TERM=dumb" "$STATE/stderr"

echo "== SIGKILL, which no handler sees"
# The control case: it shows that the restoration checks above fail when nothing restores the terminal.
start_workbench
kill -KILL "$(cat "$STATE/pid")"
check "workbench exited after SIGKILL" wait_for_file 10 "$STATE/exit"
check "terminal left unrestored after SIGKILL" test_not terminal_restored

if [[ $FAILURES -gt 0 ]]; then
    echo "smoke: $FAILURES check(s) failed"
    exit 1
fi
echo "smoke: all checks passed"
