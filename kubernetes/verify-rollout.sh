#!/usr/bin/env bash
# Proves on a real cluster that a rolling restart of Quiesce loses no request. Not run in CI (it needs a cluster).
# Run with --help for usage.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

OVERLAY="${SCRIPT_DIR}/overlays/deployment"
APPLY=true
NAMESPACE=""
WORKLOAD="deployment/quiesce"
SERVICE="quiesce"
SERVICE_PORT=9080
URL=""
REQUEST_PATH="/health/live"
MAX_REQUESTS=20000
MAX_SECONDS=600
SETTLE_SECONDS=50
BATCH=10
PAUSE=0.1
LOCAL_PORT=18080
RELAY_IMAGE="alpine/socat:1.8.0.1"
RELAY_POD="quiesce-verify-relay"
HEADERS=()

usage() {
  cat <<'USAGE'
Usage: kubernetes/verify-rollout.sh [options]

Applies an overlay, sends a bounded stream of requests to the Service while `kubectl rollout restart` replaces
every pod, and reports every request that did not get a 2xx answer. Exits 0 only if the rollout completed and
every request succeeded. Nothing is retried (curl --retry 0): a client that retries would hide exactly the
failures this script is looking for.

Why a relay pod: `kubectl port-forward svc/NAME` forwards to ONE pod chosen when it starts, so it breaks as soon
as that pod is replaced and never exercises the Service. The script therefore starts a small TCP relay pod
(socat) that connects to the Service's ClusterIP like any in-cluster client (kube-proxy picks a pod per
connection), and port-forwards to the relay, which the rollout does not touch. Requests go in batches over one
keep-alive connection per curl invocation, so both new connections and reused ones are tested.
Alternatively pass --url to target an ingress or load balancer directly.

Options:
  -k, --overlay DIR        kustomize overlay to apply (default: kubernetes/overlays/deployment)
      --no-apply           do not apply anything; verify what is deployed
  -n, --namespace NS       namespace (default: the current context's)
  -w, --workload REF       what to restart (default: deployment/quiesce; the operator names its
                           Deployment after the OpenLibertyApplication, so this fits both overlays)
  -s, --service NAME       Service the relay connects to (default: quiesce)
  -p, --service-port PORT  its port (default: 9080)
  -u, --url URL            send requests to URL instead (no relay pod, no port-forward); the path option is ignored
      --path PATH          request path (default: /health/live, anonymous and UP until the pod exits)
  -H, --header 'K: V'      extra request header, e.g. an Authorization header for /api/... (repeatable)
      --max-requests N     stop after N requests (default: 20000)
      --max-seconds N      stop the request loop after N seconds; also the rollout timeout (default: 600)
      --settle N           keep sending N seconds after the rollout reports success, while the old pods
                           drain and exit (default: 50; use at least terminationGracePeriodSeconds)
      --local-port PORT    local port of the port-forward (default: 18080)
      --relay-image IMAGE  relay image with socat as entrypoint (default: alpine/socat:1.8.0.1)
  -h, --help               show this help

Exit codes: 0 no failed request; 1 failed requests, a failed rollout or no request sent; 2 usage error.
Needs: kubectl (with access to the namespace), curl, bash 4.4+.
USAGE
}

fail_usage() {
  echo "verify-rollout.sh: $1" >&2
  echo "Try --help." >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    -k|--overlay) OVERLAY="${2:?}"; shift 2 ;;
    --no-apply) APPLY=false; shift ;;
    -n|--namespace) NAMESPACE="${2:?}"; shift 2 ;;
    -w|--workload) WORKLOAD="${2:?}"; shift 2 ;;
    -s|--service) SERVICE="${2:?}"; shift 2 ;;
    -p|--service-port) SERVICE_PORT="${2:?}"; shift 2 ;;
    -u|--url) URL="${2:?}"; shift 2 ;;
    --path) REQUEST_PATH="${2:?}"; shift 2 ;;
    -H|--header) HEADERS+=(--header "${2:?}"); shift 2 ;;
    --max-requests) MAX_REQUESTS="${2:?}"; shift 2 ;;
    --max-seconds) MAX_SECONDS="${2:?}"; shift 2 ;;
    --settle) SETTLE_SECONDS="${2:?}"; shift 2 ;;
    --local-port) LOCAL_PORT="${2:?}"; shift 2 ;;
    --relay-image) RELAY_IMAGE="${2:?}"; shift 2 ;;
    *) fail_usage "unknown option: $1" ;;
  esac
done

for number in "$MAX_REQUESTS" "$MAX_SECONDS" "$SETTLE_SECONDS" "$LOCAL_PORT" "$SERVICE_PORT"; do
  [[ "$number" =~ ^[0-9]+$ ]] || fail_usage "not a number: $number"
done
for command in kubectl curl; do
  command -v "$command" >/dev/null || { echo "verify-rollout.sh: $command is required" >&2; exit 1; }
done

KUBECTL=(kubectl)
if [[ -n "$NAMESPACE" ]]; then
  KUBECTL+=(--namespace "$NAMESPACE")
fi

WORK_DIR="$(mktemp -d)"
CODES="${WORK_DIR}/codes"
STOP="${WORK_DIR}/stop"
LOOP_PID=""
FORWARD_PID=""
RELAY_STARTED=false
: > "$CODES"

cleanup() {
  touch "$STOP"
  if [[ -n "$LOOP_PID" ]] && kill -0 "$LOOP_PID" 2>/dev/null; then
    kill "$LOOP_PID" 2>/dev/null || true
    wait "$LOOP_PID" 2>/dev/null || true
  fi
  if [[ -n "$FORWARD_PID" ]] && kill -0 "$FORWARD_PID" 2>/dev/null; then
    kill "$FORWARD_PID" 2>/dev/null || true
    wait "$FORWARD_PID" 2>/dev/null || true
  fi
  if [[ "$RELAY_STARTED" == true ]]; then
    "${KUBECTL[@]}" delete pod "$RELAY_POD" --ignore-not-found --wait=false >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK_DIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

log() {
  printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2
}

# Polls until a request to URL gets a 2xx answer, at most ATTEMPTS times one second apart.
await_url() {
  local attempts=$1 attempt
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    if curl --silent --retry 0 --max-time 2 --output /dev/null --fail "${HEADERS[@]}" "$URL"; then
      return 0
    fi
    sleep 1
  done
  return 1
}

start_relay() {
  local overrides
  overrides=$(cat <<JSON
{"spec": {"automountServiceAccountToken": false,
  "securityContext": {"runAsNonRoot": true, "runAsUser": 65534, "seccompProfile": {"type": "RuntimeDefault"}},
  "containers": [{"name": "${RELAY_POD}", "image": "${RELAY_IMAGE}",
    "args": ["TCP-LISTEN:8080,fork,reuseaddr", "TCP-CONNECT:${SERVICE}:${SERVICE_PORT}"],
    "resources": {"requests": {"cpu": "50m", "memory": "32Mi"}, "limits": {"cpu": "500m", "memory": "64Mi"}},
    "securityContext": {"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true,
      "capabilities": {"drop": ["ALL"]}}}]}}
JSON
)
  log "starting relay pod ${RELAY_POD} -> ${SERVICE}:${SERVICE_PORT}"
  RELAY_STARTED=true
  "${KUBECTL[@]}" run "$RELAY_POD" --image="$RELAY_IMAGE" --restart=Never --overrides="$overrides" >/dev/null
  "${KUBECTL[@]}" wait --for=condition=Ready "pod/${RELAY_POD}" --timeout=120s >/dev/null
  "${KUBECTL[@]}" port-forward "pod/${RELAY_POD}" "${LOCAL_PORT}:8080" >"${WORK_DIR}/port-forward.log" 2>&1 &
  FORWARD_PID=$!
  URL="http://127.0.0.1:${LOCAL_PORT}${REQUEST_PATH}"
}

# Sends batches of keep-alive requests until MAX_REQUESTS, MAX_SECONDS or the stop file; one status per line
# ("000" for a connection error or timeout).
request_loop() {
  local sent=0 deadline=$((SECONDS + MAX_SECONDS)) size i
  local -a targets
  while ((sent < MAX_REQUESTS && SECONDS < deadline)) && [[ ! -e "$STOP" ]]; do
    size=$((MAX_REQUESTS - sent < BATCH ? MAX_REQUESTS - sent : BATCH))
    targets=()
    for ((i = 0; i < size; i++)); do
      targets+=(--output /dev/null "$URL")
    done
    curl --silent --retry 0 --connect-timeout 2 --max-time 60 --write-out '%{http_code}\n' \
      "${HEADERS[@]}" "${targets[@]}" || true
    sent=$((sent + size))
    sleep "$PAUSE"
  done
}

if [[ "$APPLY" == true ]]; then
  log "applying ${OVERLAY}"
  "${KUBECTL[@]}" apply -k "$OVERLAY"
fi
log "waiting for ${WORKLOAD} to be rolled out before the test"
"${KUBECTL[@]}" rollout status "$WORKLOAD" --timeout="${MAX_SECONDS}s"

if [[ -z "$URL" ]]; then
  start_relay
fi
await_url 30 || { log "no 2xx answer from ${URL} before the test: nothing to verify"; exit 1; }

log "sending requests to ${URL} (at most ${MAX_REQUESTS} requests, ${MAX_SECONDS} s)"
request_loop >"$CODES" &
LOOP_PID=$!

rollout_rc=0
log "restarting ${WORKLOAD}"
"${KUBECTL[@]}" rollout restart "$WORKLOAD"
"${KUBECTL[@]}" rollout status "$WORKLOAD" --timeout="${MAX_SECONDS}s" || rollout_rc=$?
log "rollout finished (exit ${rollout_rc}); sending ${SETTLE_SECONDS} s more while the old pods drain"
settle_end=$((SECONDS + SETTLE_SECONDS))
while ((SECONDS < settle_end)) && kill -0 "$LOOP_PID" 2>/dev/null; do
  sleep 1
done
touch "$STOP"
wait "$LOOP_PID" || true
LOOP_PID=""

total=$(grep -c . "$CODES" || true)
ok=$(grep -c '^2' "$CODES" || true)
connection_errors=$(grep -c '^000$' "$CODES" || true)
failed=$((total - ok))
printf 'requests: %d  2xx: %d  failed: %d (connection errors: %d, other non-2xx: %d)\n' \
  "$total" "$ok" "$failed" "$connection_errors" "$((failed - connection_errors))"
if ((failed > 0)); then
  printf 'status codes of failed requests:\n'
  grep -v '^2' "$CODES" | sort | uniq -c
fi

if ((rollout_rc != 0)); then
  log "FAILED: the rollout did not complete"
  exit 1
fi
if ((total == 0)); then
  log "FAILED: no request was sent"
  exit 1
fi
if ((failed > 0)); then
  log "FAILED: ${failed} of ${total} requests did not succeed"
  exit 1
fi
log "OK: ${total} requests, all 2xx, across the rollout"
