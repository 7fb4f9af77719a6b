#!/usr/bin/env bash
# Runs each e2e suite file in its own X display (`make test-e2e`).
#
# Each suite's output goes to target/e2e/<suite>.log and to the terminal. A
# suite that fails is run once more: a GUI suite on a loaded machine
# sometimes fails for the machine's sake (an app that takes long to close, a
# display that comes up late). A suite that passes on its second run is
# reported as FLAKY, with its first failure printed; a suite that fails twice
# fails the run. At the end, the failures are printed again, so that the
# last lines of a CI log say what failed and why.
set -u
cd "$(dirname "$0")/../.."
XVFB=(xvfb-run -a -s "-screen 0 1366x800x24")
LOGS=target/e2e
mkdir -p "$LOGS"
failed=()
flaky=()

run_suite() { # file log
  "${XVFB[@]}" node --test --test-force-exit --test-reporter=spec "$1" 2>&1 | grep -v '^dbus-daemon\[' | tee "$2"
  return "${PIPESTATUS[0]}"
}

# The failure section of a spec report (from "✖ failing tests:" to the end).
failures() {
  sed -n '/failing tests:/,$p' "$1" | head -80
}

for f in tests/e2e/*.test.mjs; do
  name=$(basename "$f" .test.mjs)
  if run_suite "$f" "$LOGS/$name.log"; then continue; fi
  echo "e2e: $name failed; running it once more to tell a flake from a fault"
  if run_suite "$f" "$LOGS/$name.retry.log"; then
    flaky+=("$name")
  else
    failed+=("$name")
  fi
done

for name in "${flaky[@]}"; do
  echo "e2e FLAKY: $name failed, then passed on its second run. Its first failure ($LOGS/$name.log):"
  failures "$LOGS/$name.log"
done
for name in "${failed[@]}"; do
  echo "e2e FAILED twice: $name ($LOGS/$name.log, $LOGS/$name.retry.log). Its first failure:"
  failures "$LOGS/$name.log"
done
[ ${#failed[@]} -eq 0 ]
