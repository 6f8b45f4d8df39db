#!/usr/bin/env bash
# Start-up figures (docs/benchmarks.md, "Start-up"): how long `./baton lsp` takes to answer
# `initialize`, and what `./baton --version` costs, each next to a bare `java -jar` baseline on the same
# JDK. The four commands take turns in every round, so the load of a shared machine falls on all of
# them alike. Usage: bench/startup.sh [RUNS] (default 20). The last line is the summary.
set -euo pipefail

runs=${1:-20}
case "$runs" in '' | *[!0-9]*) echo "usage: bench/startup.sh [RUNS]" >&2; exit 2 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar="$root/server/target/baton.jar"

# Builds the jar if needed and settles the JDK choice, so neither is timed.
"$root/baton" --version >/dev/null
java_bin=$(sed -n 2p "$root/server/target/java.choice")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BATON_HOME="$work/home"
cd "$work"

now() { printf '%s\n' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }

initialize='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}'
goodbye="$(frame '{"jsonrpc":"2.0","id":2,"method":"shutdown"}')$(frame '{"jsonrpc":"2.0","method":"exit"}')"

# Seconds from starting "$@" (an lsp command) to the first line of its answer to initialize; it is
# then shut down and must exit 0.
lsp_initialize() {
  local start end header status
  start=$(now)
  coproc LSP { exec "$@" 2>>"$work/stderr.log"; }
  local to=${LSP[1]} from=${LSP[0]} pid=$LSP_PID
  frame "$initialize" >&"$to"
  IFS= read -r header <&"$from"
  end=$(now)
  case "$header" in Content-Length:*) ;; *) echo "startup: not an LSP answer: $header" >&2; exit 1 ;; esac
  printf '%s' "$goodbye" >&"$to"
  exec {to}>&-
  cat <&"$from" >/dev/null
  status=0
  wait "$pid" || status=$?
  [ "$status" -eq 0 ] || { echo "startup: lsp exited $status after shutdown and exit" >&2; exit 1; }
  elapsed "$start" "$end"
}

version() {
  local start
  start=$(now)
  "$@" --version >/dev/null
  elapsed "$start" "$(now)"
}

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One unmeasured round: the first `./baton lsp` writes its class-data archive at exit.
lsp_initialize "$root/baton" lsp >/dev/null
version "$root/baton" >/dev/null

: >"$work/lsp" && : >"$work/lsp.bare" && : >"$work/version" && : >"$work/version.bare"
for ((i = 1; i <= runs; i++)); do
  lsp_initialize "$root/baton" lsp >>"$work/lsp"
  lsp_initialize "$java_bin" -jar "$jar" lsp >>"$work/lsp.bare"
  version "$root/baton" >>"$work/version"
  version "$java_bin" -jar "$jar" >>"$work/version.bare"
done

echo "JDK: $java_bin; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "startup: lsp initialize p50 $(median <"$work/lsp") s (bare java -jar lsp p50 $(median <"$work/lsp.bare") s)," \
  "./baton --version p50 $(median <"$work/version") s (java -jar --version p50 $(median <"$work/version.bare") s), $runs runs"
