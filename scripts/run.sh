#!/usr/bin/env bash
# Start the web server, the background worker and the scheduler; Ctrl-C stops all three.
#   scripts/run.sh [HOST] [PORT]        as deployed: gunicorn worker processes, DEBUG off
#                                       (config.settings.local_prod; `make run`)
#   scripts/run.sh --dev [HOST] [PORT]  development: Django's server with DEBUG and
#                                       auto-reload (config.settings.local; `make dev`)
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=run
if [ "${1:-}" = "--dev" ]; then MODE=dev; shift; fi
HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"
BIN=.venv/bin
if [ "$MODE" = dev ]; then
  export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.local}"
else
  export DJANGO_SETTINGS_MODULE="${EQIAO_RUN_SETTINGS:-config.settings.local_prod}"
  # With DEBUG off Django answers only the host names it knows: listening on every
  # interface, the machine's own addresses are not known in advance.
  case "$HOST" in
    127.0.0.1|localhost|::1) ;;
    0.0.0.0|::) export EQIAO_ALLOWED_HOSTS="${EQIAO_ALLOWED_HOSTS:-*}" ;;
    *) export EQIAO_ALLOWED_HOSTS="${EQIAO_ALLOWED_HOSTS:-$HOST,localhost,127.0.0.1}" ;;
  esac
fi
pids=()
web=""
# On Ctrl-C the terminal has already signalled every process of the group: the worker and the
# scheduler are stopping gracefully (a second signal would make the worker abort its task),
# so only the web server, which ignores SIGINT here, is told. Otherwise all are told.
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do
    if [ "$1" != INT ] || [ "$pid" = "$web" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for _ in $(seq 50); do  # up to 5 s to finish what they are doing
    running=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
    [ "$running" = 0 ] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "EQiao stopped."
}
trap 'stop INT' INT
trap 'stop TERM' TERM
trap 'stop EXIT' EXIT

$BIN/eqiao db_worker --interval 1 &
pids+=($!)
if $BIN/eqiao help run_scheduler >/dev/null 2>&1; then
  $BIN/eqiao run_scheduler &
  pids+=($!)
fi
if [ "$MODE" = dev ]; then
  $BIN/eqiao runserver "$HOST:$PORT" &
else
  EQIAO_WEB_BIND="$HOST:$PORT" $BIN/gunicorn -c config/gunicorn.py config.wsgi:application &
fi
web=$!
pids+=("$web")
# Print the banner once the server accepts connections (or has given up, e.g. port in use).
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null && break
  kill -0 "$web" 2>/dev/null || break
  sleep 0.2
done
$BIN/eqiao demo_banner --url "http://$HOST:$PORT/" 2>/dev/null || echo "EQiao: http://$HOST:$PORT/"
wait -n "${pids[@]}"
