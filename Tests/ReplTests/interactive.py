#!/usr/bin/env python3
"""Drives wasbox-repl through a pseudo-terminal like a person would, for InteractiveTests.

Usage: interactive.py BINARY PACKAGE_ROOT HISTORY_FILE
Checks the prompt, Tab completion of plugin.export, history recall with the Up arrow,
Ctrl-C pausing a running call, Ctrl-C clearing the line at the prompt, a background call
printing above the line being typed, and Ctrl-D quitting.
Prints "ok" and exits 0, or prints what was expected and the screen so far and exits 1.
"""
import os
import pty
import select
import sys
import time

binary, root, history = sys.argv[1], sys.argv[2], sys.argv[3]
pid, fd = pty.fork()
if pid == 0:
    os.chdir(root)
    os.environ["TERM"] = "xterm"
    os.closerange(3, 4096)  # pipes of the test runner must not outlive this script
    os.execv(binary, [binary, "--no-color", "--history-file", history,
                      "--budget", "1000000000000", "plugins/greeter.wat", "plugins/sum.wat"])

screen = b""


def expect(text, timeout=20.0):
    """Reads until `text` appears after everything matched so far."""
    global screen
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
# Ctrl-D quits with status 0.
send("\x04")
_, status = os.waitpid(pid, 0)
if os.waitstatus_to_exitcode(status) != 0:
    fail(f"exit status {status}")
with open(history) as file:
    lines = file.read()
if "sum.upto 100000000000" not in lines:
    fail("history file lacks the call: " + lines)
print("ok")
