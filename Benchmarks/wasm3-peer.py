#!/usr/bin/env python3
"""wasm3 as a measured peer: the same .wasm files in wasm3, wasbox and WasmKit, side by side.

For each module (default: every Benchmarks/c/*.wasm, calling its `run` export), every round
runs each engine once, in an order that rotates from round to round, so that a busy stretch of
the machine slows all engines of a case alike:

- wasm3 through PyPI's `pywasm3` (which builds wasm3 from source; pywasm3 0.5.0 bundles
  wasm3 0.5.0), in this process: parse + instantiate (new runtime, load) and the call, timed
  separately with perf_counter (wasm3 compiles a function when it is first called, so its
  call includes that compilation);
- wasbox (metering on, one budget) and WasmKit's interpreter through `wasbox-bench --module F
  --invoke run --iters 1 --warmup 0 --engine both --csv`, which reports its own instantiate and
  execute times in process (so process start-up is not counted for any engine).

It prints, per case, the best (minimum) time of each engine over the rounds, for
instantiate + call and for the call alone, and the ratios to wasm3 (below 1: faster than
wasm3), then their geometric means. Every engine's answer is checked against wasm3's.

    Benchmarks/wasm3-peer.py                      # every C case, 5 rounds
    Benchmarks/wasm3-peer.py --rounds 9 Benchmarks/c/sieve.wasm
    Benchmarks/wasm3-peer.py --no-build           # reuse the release wasbox-bench
"""
import argparse
import csv
import io
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ensure_wasm3():
    try:
        import wasm3  # noqa: F401
    except ImportError:
        print("installing pywasm3 (builds wasm3 from source)...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "pywasm3"], check=True)
    import wasm3
    return wasm3


def run_wasm3(wasm3, data, export):
    """(instantiate seconds, call seconds, result) of one fresh wasm3 instance."""
    start = time.perf_counter()
    env = wasm3.Environment()
    runtime = env.new_runtime(1 << 20)
    runtime.load(env.parse_module(data))
    function = runtime.find_function(export)
    loaded = time.perf_counter()
    result = function()
    done = time.perf_counter()
    return loaded - start, done - loaded, result


def run_bench(binary, path, export):
    """{engine: (instantiate seconds, call seconds, ticks)} from one wasbox-bench round."""
    with tempfile.TemporaryDirectory() as folder:
        table = os.path.join(folder, "rows.csv")
        done = subprocess.run(
            [binary, "--module", path, "--invoke", export, "--iters", "1", "--warmup", "0",
             "--engine", "both", "--csv", table], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            sys.exit(f"wasbox-bench failed on {path}:\n{done.stderr}{done.stdout}")
        with open(table) as file:
            text = file.read()
    rows = {}
    for row in csv.DictReader(io.StringIO(text)):
        rows[row["engine"]] = (
            float(row["instantiate_ms"]) / 1000, float(row["mean_ms"]) / 1000, row["ticks"])
    return rows, done.stdout + done.stderr


def geomean(values):
    values = [v for v in values if v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help=".wasm files (default: Benchmarks/c/*.wasm)")
    parser.add_argument("--export", default="run", help="the export to call (no arguments)")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per case")
    parser.add_argument("--no-build", action="store_true", help="do not build wasbox-bench")
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    wasm3 = ensure_wasm3()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "wasbox-bench"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.strip()
    binary = os.path.join(binary, "wasbox-bench")
    modules = args.modules or sorted(
        os.path.join(ROOT, "Benchmarks", "c", name)
        for name in os.listdir(os.path.join(ROOT, "Benchmarks", "c")) if name.endswith(".wasm"))
    print(f"wasm3 {wasm3.M3_VERSION} (pywasm3), wasbox and WasmKit via {binary}; "
          f"best of {args.rounds} rounds; times in ms")
    print(f"{'case':<14}{'engine':<15}{'inst+call':>11}{'call':>10}{'vs wasm3':>10}"
          f"{'call vs':>9}")
    ratios = {"wasbox": [], "wasmkit": []}
    call_ratios = {"wasbox": [], "wasmkit": []}
    for path in modules:
        with open(path, "rb") as file:
            data = file.read()
        best = {}
        expected = None
        for round_index in range(args.rounds + 1):  # the first round warms up
            order = ["wasm3", "bench"] if round_index % 2 == 0 else ["bench", "wasm3"]
            for engine in order:
                if engine == "wasm3":
                    load, call, result = run_wasm3(wasm3, data, args.export)
                    if expected is None:
                        expected = result
                    elif result != expected:
                        sys.exit(f"wasm3 gave {result}, then {expected}, for {path}")
                    samples = {"wasm3": (load, call)}
                else:
                    rows, printed = run_bench(binary, path, args.export)
                    samples = {name: (load, call) for name, (load, call, _) in rows.items()
                               if name in ("wasbox", "wasmkit")}
                if round_index == 0:
                    continue
                for name, (load, call) in samples.items():
                    total = load + call
                    old = best.get(name)
                    best[name] = (min(total, old[0]) if old else total,
                                  min(call, old[1]) if old else call)
        # wasbox-bench checks that its engines agree; their answer must be wasm3's too.
        if isinstance(expected, float):
            answers = {f"64:{expected!r}", f"32:{expected!r}", f"{expected:.6g}"}
        else:
            answers = {f"32:{expected}", f"32:{expected & 0xFFFFFFFF}", f"64:{expected}"}
        if not any(answer in printed for answer in answers):
            sys.exit(f"wasbox's answer for {path} is not wasm3's {expected}:\n{printed}")
        case = os.path.splitext(os.path.basename(path))[0]
        base_total, base_call = best["wasm3"]
        for name in ("wasm3", "wasbox", "wasmkit"):
            if name not in best:
                continue
            total, call = best[name]
            ratio = total / base_total
            call_ratio = call / base_call
            if name != "wasm3":
                ratios[name].append(ratio)
                call_ratios[name].append(call_ratio)
            print(f"{case:<14}{name:<15}{total * 1000:>11.3f}{call * 1000:>10.3f}"
                  f"{ratio:>10.3f}{call_ratio:>9.3f}")
    for name in ("wasbox", "wasmkit"):
        print(f"geomean {name}/wasm3: instantiate+call {geomean(ratios[name]):.3f}, "
              f"call {geomean(call_ratios[name]):.3f}")


if __name__ == "__main__":
    main()
