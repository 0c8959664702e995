#!/usr/bin/env bash
# Start the web server, the background worker and the scheduler; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"
BIN=.venv/bin
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "EQiao stopped."
}
trap cleanup INT TERM EXIT

$BIN/eqiao db_worker --interval 1 &
pids+=($!)
if $BIN/eqiao help run_scheduler >/dev/null 2>&1; then
  $BIN/eqiao run_scheduler &
  pids+=($!)
fi
$BIN/waitress-serve --listen="$HOST:$PORT" --threads=8 config.wsgi:application &
pids+=($!)
# Print the banner once the server accepts connections (or has given up, e.g. port in use).
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || break
  sleep 0.2
done
$BIN/eqiao demo_banner --url "http://$HOST:$PORT/" 2>/dev/null || echo "EQiao: http://$HOST:$PORT/"
wait -n "${pids[@]}"
