#!/usr/bin/env bash
# Starts N Stint processes on one Postgres + Redis, on ports BASE_PORT, BASE_PORT+1, …, for nginx
# (deploy/nginx.conf) to balance. Each process is `stint start`; stop them all with Ctrl-C.
#   DATABASE_URL=postgres://… REDIS_URL=redis://… STINT_SIGNING_KEY=z3u2… deploy/cluster.sh 2
# Every process must share the database, Redis and the issuer key (STINT_SIGNING_KEY, or one
# DATA_DIR on shared storage). PUBLIC_URL should be the address people use (nginx's).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2}"
base="${BASE_PORT:-3001}"
: "${DATABASE_URL:?set DATABASE_URL (Postgres)}"
: "${REDIS_URL:?set REDIS_URL}"
export TRUST_PROXY="${TRUST_PROXY:-1}"
npx -y pnpm@10.34.9 --filter @stint/web ensure-built
pids=()
trap 'kill -TERM "${pids[@]}" 2>/dev/null; wait' INT TERM
for ((i = 0; i < n; i++)); do
  PORT=$((base + i)) HOST="${HOST:-127.0.0.1}" node --import tsx apps/server/src/cli.ts start &
  pids+=($!)
  # The first process migrates (and seeds an empty database); the others start once it is ready.
  if [ "$i" -eq 0 ]; then
    until curl -sf "http://127.0.0.1:${base}/api/health/ready" >/dev/null; do sleep 0.5; done
  fi
done
wait
