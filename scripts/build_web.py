"""Copy the built front-end libraries from node_modules/ into the web app's static/vendor/.

Run after ``npm ci`` (``make install`` does both). The vendor folder is git-ignored: the files
come from the versions pinned in package-lock.json, never from a CDN, and the server serves them
from its own origin. Each library's licence file is copied beside it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
VENDOR = ROOT / "src" / "newsgraph" / "web" / "static" / "vendor"

#: (package, built file inside it, name in vendor/): UMD builds that set one global each
FILES = [
    ("vega", "build/vega.min.js", "vega.min.js"),
    ("vega-lite", "build/vega-lite.min.js", "vega-lite.min.js"),
    ("vega-embed", "build/vega-embed.min.js", "vega-embed.min.js"),
    ("graphology", "dist/graphology.umd.min.js", "graphology.umd.min.js"),
    ("graphology-library", "dist/graphology-library.min.js", "graphology-library.min.js"),
    ("sigma", "dist/sigma.min.js", "sigma.min.js"),
    # the map page: world-atlas's Natural Earth countries (TopoJSON) and the client that reads it
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("world-atlas", "countries-110m.json", "countries-110m.json"),
]


#: vega-interpreter ships as an ES module only; esbuild bundles it into one script that sets
#: ``vegaInterpreter``. It evaluates Vega expressions without ``eval``, so the pages keep a
#: Content-Security-Policy with no 'unsafe-eval'.
INTERPRETER = ("vega-interpreter", "index.js", "vega-interpreter.min.js")


def bundle_interpreter() -> str | None:
    """Bundle vega-interpreter with esbuild; returns why it failed, or None."""
    package, entry, name = INTERPRETER
    esbuild = NODE / ".bin" / "esbuild"
    if not esbuild.exists():
        return f"{esbuild}: missing; run 'npm ci' at {ROOT} first"
    done = subprocess.run(
        [str(esbuild), str(NODE / package / entry), "--bundle", "--minify", "--format=iife",
         "--global-name=vegaInterpreter", f"--outfile={VENDOR / name}", "--log-level=error"],
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return f"esbuild could not bundle {package}: {done.stderr.strip()}"
    shutil.copyfile(NODE / package / "LICENSE", VENDOR / f"{package}.LICENSE.txt")
    return None


def build() -> list[str]:
    """Copy every file; returns one line per missing file (empty when all were copied)."""
    missing = []
    VENDOR.mkdir(parents=True, exist_ok=True)
    for package, built, name in FILES:
        source = NODE / package / built
        if not source.is_file():
            missing.append(f"{source}: missing; run 'npm ci' at {ROOT} first")
            continue
        shutil.copyfile(source, VENDOR / name)
        licence = next((p for p in (NODE / package).glob("LICENSE*") if p.is_file()), None)
        if licence is not None:
            shutil.copyfile(licence, VENDOR / f"{package}.LICENSE.txt")
    failed = bundle_interpreter()
    return missing + ([failed] if failed else [])


def main() -> int:
    missing = build()
    for line in missing:
        print(line, file=sys.stderr)
    if not missing:
        print(f"copied {len(FILES) + 1} front-end files into {VENDOR.relative_to(ROOT)}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
