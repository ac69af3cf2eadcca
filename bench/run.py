"""Run every benchmark script in bench/ and print their figures as one table.

Each script prints lines `figure<TAB>value<TAB>unit` (other lines are shown as
they come). Benchmarks report; they never fail a build.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main():
    rows = []
    scripts = sorted(
        p for p in HERE.glob("*.py") if p.name not in {"run.py", "__init__.py"} and not p.name.startswith("_")
    )
    if not scripts:
        print("No benchmark scripts yet.")
        return 0
    for script in scripts:
        print(f"== {script.name}", flush=True)
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, capture_output=True, text=True)
        for line in result.stdout.splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                rows.append((script.stem, *parts))
            else:
                print(f"   {line}")
        if result.returncode != 0:
            rows.append((script.stem, "error", f"exit {result.returncode}", ""))
            print(result.stderr[-2000:])
    width = max(len(r[1]) for r in rows) if rows else 10
    print(f"\n{'benchmark':<24} {'figure':<{width}} {'value':>14} unit")
    for bench, figure, value, unit in rows:
        print(f"{bench:<24} {figure:<{width}} {value:>14} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
