#!/bin/bash
# nnenum on ACAS Xu φ1–φ4 (all 45 networks), one instance at a time, through nnenum's own VNN-COMP entry point
# (default "auto" settings, i.e. set_control_settings for ACAS Xu), 2 worker processes, 60 s per instance.
# Usage: NNENUM_SRC=/path/to/nnenum/src DATA=../shared/data/acasxu ./run_all.sh results.csv
# Setup and the two local edits nnenum needs on a machine without onnxruntime: see README.md beside this script.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
export PYTHONPATH="$NNENUM_SRC" OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
D="$DATA"
CSV="$1"
logs="$(mktemp -d)"
[ -f "$CSV" ] || echo "network,property,result,seconds,enumeration_seconds" > "$CSV"
for p in 2 1 3 4; do
 for a in 1 2 3 4 5; do for b in 1 2 3 4 5 6 7 8 9; do
  net=${a}_${b}; prop=prop_$p
  grep -q "^$net,$prop," "$CSV" && continue
  log=$logs/${net}_${prop}.log; out=$logs/${net}_${prop}.out
  t0=$(date +%s.%N)
  timeout -k 2 60 /usr/bin/python3 "$here/run_nnenum.py" "$D/onnx/ACASXU_run2a_${a}_${b}_batch_2000.onnx" "$D/$prop.vnnlib" 60 "$out" 2 > "$log" 2>&1
  t1=$(date +%s.%N)
  secs=$(echo "$t1 - $t0" | bc -l | awk '{printf "%.3f",$1}')
  case "$(cat "$out" 2>/dev/null)" in holds) res=holds;; violated) res=violated;; *) res=unknown;; esac
  enum=$(grep -o "ENUM_SECS [0-9.]*" "$log" | awk '{s+=$2; n++} END{if(n) printf "%.3f", s}')
  echo "$net,$prop,$res,$secs,$enum" >> "$CSV"
 done; done
done
