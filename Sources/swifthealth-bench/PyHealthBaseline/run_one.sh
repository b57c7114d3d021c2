#!/bin/bash
# usage: MIMIC3_ROOT=DIR PYTHON=venv/bin/python run_one.sh RUN_NAME SCRIPT.py ARGS...
# Runs one PyHealth measurement as its own process under /usr/bin/time -v, with a fresh PyHealth cache folder
# (ARGS may use the word CACHE for it). Results go to results/RUN_NAME.json and .time in the current folder.
set -u
here=$(cd "$(dirname "$0")" && pwd)
name=$1; shift
cache=$PWD/cache/$name
rm -rf "$cache"; mkdir -p "$cache" results logs
args=(); for a in "$@"; do [ "$a" = CACHE ] && a=$cache; [ -f "$here/$a" ] && a=$here/$a; args+=("$a"); done
echo "== $name start $(date -Is) loadavg $(cut -d' ' -f1-3 /proc/loadavg)" | tee logs/$name.log
PYTHONPATH="$here" /usr/bin/time -v -o results/$name.time "${PYTHON:-python3}" "${args[@]}" >>logs/$name.log 2>&1
rc=$?
echo "== $name rc=$rc end $(date -Is) loadavg $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a logs/$name.log
grep -E "Elapsed|User time|System time|Maximum resident|Exit status" results/$name.time
