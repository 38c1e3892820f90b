#!/usr/bin/env python3
"""Drives wasbox-repl through a pseudo-terminal like a person would, for InteractiveTests.

Usage: interactive.py BINARY PACKAGE_ROOT HISTORY_FILE
Checks the prompt, Tab completion of plugin.export and of a path with spaces, history recall
with the Up arrow, Ctrl-C pausing a running call, Ctrl-C clearing the line at the prompt, a
background call printing above the line being typed, and Ctrl-D quitting and saying how many
paused calls it drops.
Prints "ok" and exits 0, or prints what was expected and the screen so far and exits 1.

Usage: interactive.py --banner BINARY PACKAGE_ROOT HISTORY_FILE
Starts the REPL with no plugins, prints what it shows before its first prompt (line endings as
"\n", terminal control sequences left out) and quits with Ctrl-D, for TourTests.
"""
import os
import pty
import re
import select
import shutil
import sys
import tempfile
import time

banner = sys.argv[1] == "--banner"
binary, root, history = sys.argv[-3:]
plugins = [] if banner else ["--budget", "1000000000000", "plugins/greeter.wat", "plugins/sum.wat"]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.environ["TERM"] = "xterm"
    os.closerange(3, 4096)  # pipes of the test runner must not outlive this script
    os.execv(binary, [binary, "--no-color", "--history-file", history] + plugins)

screen = b""


before_prompt = b""


def expect(text, timeout=20.0):
    """Reads until `text` appears after everything matched so far; what came before it is
    left in `before_prompt`."""
    global screen, before_prompt
    deadline = time.time() + timeout
    while text.encode() not in screen:
        remaining = deadline - time.time()
        if remaining <= 0:
            fail(f"expected {text!r}")
        ready, _, _ = select.select([fd], [], [], remaining)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                fail(f"expected {text!r}, but the REPL ended")
            if not chunk:
                fail(f"expected {text!r}, but the REPL ended")
            screen += chunk
    before_prompt = screen[: screen.index(text.encode())]
    screen = screen[screen.index(text.encode()) + len(text):]


def fail(message):
    try:
        os.kill(pid, 9)
    except OSError:
        pass
    print(message)
    print("screen after the last match:", screen.decode(errors="replace"))
    sys.exit(1)


def send(text):
    os.write(fd, text.encode())


if banner:
    expect("wasbox> ")
    # readline's terminal set-up (bracketed paste mode, "\e[?2004h") is not text anyone sees.
    seen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", before_prompt.decode())
    send("\x04")
    os.waitpid(pid, 0)
    sys.stdout.write(seen.replace("\r\n", "\n"))
    sys.exit(0)

expect("loaded sum")
expect("wasbox> ")
# Tab completes a plugin.export name; Enter runs it.
send("greeter.he\t")
expect("greeter.hello")
send("\r")
expect("Hello from a wasbox plugin!")
expect("i32 27")
expect("wasbox> ")
# A long call, paused by Ctrl-C and resumable.
send("sum.upto 100000000000\r")
time.sleep(1.0)
send("\x03")
expect("(interrupted)")
expect("wasbox> ")
send("paused\r")
expect("sum.upto(i64:100000000000)")
expect("wasbox> ")
# Ctrl-C at the prompt drops the half-typed line instead of running it.
send("frobnicate")
time.sleep(0.3)
send("\x03")
time.sleep(0.3)
send("resume 2 1000\r")
expect("paused #2 sum.upto")
if b"frobnicate" in screen or b"unknown command" in screen:
    fail("Ctrl-C did not clear the line")
expect("wasbox> ")
# History: Up four times goes back past "resume", "paused" and "sum.upto" to greeter.hello.
send("\x1b[A\x1b[A\x1b[A\x1b[A\r")
expect("Hello from a wasbox plugin!")
expect("wasbox> ")
# A path with spaces completes in quotes, and what it inserts loads.
folder = tempfile.mkdtemp(prefix="wasbox-pty-")
os.mkdir(os.path.join(folder, "my plugins"))
with open(os.path.join(folder, "my plugins", "two words.wat"), "w") as file:
    file.write('(module (func (export "f") (result i32) (i32.const 7)))')
send(f"load {folder}/my\t")
expect('"')
time.sleep(0.3)
send("tw\t")
expect('two words.wat"')
send("\r")
expect("loaded two words")
expect("wasbox> ")
send('"two words".f\r')
expect("i32 7")
expect("wasbox> ")
# A background call prints above the prompt while a line is being typed, which survives.
send("load plugins/ticker.wat\r")
expect("loaded ticker")
expect("wasbox> ")
send("ticker.run 1 500 &\r")
expect("started #")
expect("wasbox> ")
send("plugi")
expect("plugi")
expect("[info] ticker: tick 1")
expect("ticks)")
expect("wasbox> plugi")
send("ns\r")
expect("ticker  plugins/ticker.wat")
expect("wasbox> ")
# Ctrl-D quits with status 0, saying that it drops the paused call.
send("\x04")
expect("dropping 1 paused call (#2); \"save FILE\" first keeps them for \"restore FILE\"")
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    fail(f"exit status {status}")
with open(history) as file:
    lines = file.read()
if "sum.upto 100000000000" not in lines:
    fail("history file lacks the call: " + lines)
shutil.rmtree(folder, ignore_errors=True)
print("ok")
