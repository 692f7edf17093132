#!/usr/bin/env bash
# Runs a tools/*.py script with a Python that has PyTorch (Debian: apt-get install python3-torch python3-pil python3-numpy).
set -euo pipefail
for py in "${PYTHON:-}" /usr/bin/python3 python3; do
  [ -n "$py" ] && command -v "$py" >/dev/null 2>&1 && "$py" -c 'import torch, PIL, numpy' 2>/dev/null && exec "$py" "$@"
done
echo "No Python with torch, PIL and numpy found: apt-get install python3-torch python3-pil python3-numpy (or set PYTHON)" >&2
exit 1
