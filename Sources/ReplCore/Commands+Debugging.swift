import PluginHost
import WasmVM

/// Inspecting paused calls and plugins' code: `where`, `frame` and `disasm`; stepping (`step`,
/// `next`, `finish`) and breakpoints (`break`, `breaks`, `delete`). The host does the
/// inspecting and running (``PluginHost/callStack(of:)``, ``PluginHost/step(_:_:budget:)``);
/// these only present it, every guest name escaped.
extension ReplSession {
  static let debugCommands: [Command] = [
    Command(
      name: "where", usage: "ID", summary: "show a paused call's frames, innermost first",
      arity: 1...1, run: { session, words in try session.showCallStack(words[0]) }),
    Command(
      name: "frame", usage: "ID N",
      summary: "show a frame's locals, operands and next instruction", arity: 2...2,
      run: { session, words in try session.showFrame(words[0], words[1]) }),
    Command(
      name: "disasm", usage: "PLUGIN.FUNC", summary: "show a function's code as WebAssembly text",
      arity: 1...1, run: { session, words in try session.disassemble(words[0]) }),
    Command(
      name: "step", usage: "ID [N]", summary: "run N instructions (default 1) of a paused call",
      arity: 1...2, run: { session, words in try session.step(words) }),
    Command(
      name: "next", usage: "ID", summary: "run one instruction of a paused call, over a call",
      arity: 1...1, run: { session, words in try session.step(words, .over) }),
    Command(
      name: "finish", usage: "ID",
      summary: "run a paused call until its current function returns", arity: 1...1,
      run: { session, words in try session.step(words, .out) }),
    Command(
      name: "back", usage: "ID [N]",
      summary: "take a paused call back N instructions (default 1)", arity: 1...2,
      run: { session, words in try session.back(words) }),
    Command(
      name: "history", usage: "ID", summary: "list the points a paused call can go back to",
      arity: 1...1, run: { session, words in try session.showHistory(words[0]) }),
    Command(
      name: "break", usage: "PLUGIN.FUNC[@OFFSET]",
      summary: "stop calls at a function's entry or an instruction", arity: 1...1,
      run: { session, words in try session.setBreakpoint(words[0]) }),
    Command(
      name: "watch", usage: "PLUGIN OFFSET [LENGTH]",
      summary: "pause calls after the instruction that changes those bytes", arity: 2...3,
      run: { session, words in try session.setWatchpoint(words) }),
    Command(
      name: "breaks", usage: "", summary: "list breakpoints and watchpoints", arity: 0...0,
      run: { session, _ in session.listBreakpoints() }),
    Command(
      name: "delete", usage: "N", summary: "delete breakpoint or watchpoint N", arity: 1...1,
      run: { session, words in try session.deleteBreakpoint(words[0]) }),
  ]

  static let debugDetails: [String: String] = [
    "where": "Lists the frames of paused call ID, innermost (#0) first, one a line: "
      + "PLUGIN.FUNC+0xOFFSET and the instruction the frame runs next; a caller shows its "
      + "call instead (in: call …). OFFSET counts bytes from the start of the function's body, "
      + "as disasm does; a function without a name shows as func[INDEX]. Of more than 20 "
      + "frames, the first and last 10 show.",
    "frame": "Shows frame N (0 is the innermost; see \"where ID\") of paused call ID: its "
      + "locals (parameters first) and operand stack (bottom first) with their types, and "
      + "its next instruction.",
    "disasm": "Shows the body of PLUGIN's function FUNC as WebAssembly text, one instruction "
      + "a line after its offset from the start of the body, indented by block. FUNC is an "
      + "export, a name from the module's name section, or func[INDEX] as \"where\" shows it.",
    "step": "Runs N instructions (default 1) of paused call ID, into calls, then shows where it "
      + "is (as the first line of \"where\") and what changed: the locals the instructions "
      + "wrote and the top of the operand stack. An instruction is one that costs a tick (block, "
      + "loop, nop and an end that does nothing run with the one before them); memory.fill, "
      + "a grow or a host call with a cost is one instruction however many ticks it takes. "
      + "Steps use the call's own budget: what was left when it stopped at a breakpoint or "
      + "step, else the budget (see \"budget\"); ticks are those of an ordinary run.",
    "next": "Runs one instruction of paused call ID; a call runs until it returns, so the "
      + "call stops at the next instruction of this function. Breakpoints still stop it.",
    "finish": "Runs paused call ID until its current function returns to its caller (or "
      + "the call completes). Breakpoints still stop it.",
    "back": "Takes paused call ID back N instructions (default 1; an instruction as \"step\" "
      + "counts them), then shows where it is and what changed, as \"step\" does: its stack, "
      + "memory, globals, tables and ticks are what they were there, and its budget gets the "
      + "ticks back, so resuming ends with the result and ticks of a run without the debugger. "
      + "A call is recorded from the first time the debugger stops it (a breakpoint or a step) "
      + "until it ends; running another call drops its history, and a sleep starts it again. "
      + "Host calls are not made again: the clock reads what it read, log lines and kv writes "
      + "are not repeated (nor undone). \"history ID\" shows how far back it can go.",
    "history": "Lists the points paused call ID can go back to: the last few instructions "
      + "and the checkpoints (where \"back\" restores from before running forward again), "
      + "each as \"back N\" reaches it, with the call's ticks and position there; then how "
      + "many checkpoints and host calls are kept, and the bytes they take. Checkpoints are "
      + "taken every 10,000 ticks, at most 256 of them and 64 MiB, the oldest dropped first.",
    "break": "Sets a breakpoint at the entry of PLUGIN's function FUNC, or at the instruction "
      + "OFFSET bytes into its body (as \"disasm\" and \"where\" show offsets: 0x1f or 31). "
      + "Every call reaching it pauses (also through a call from another plugin) and shows "
      + "\"where\"; \"resume ID\" goes on with what was left of its budget. A call's result and "
      + "ticks are the same as without breakpoints; with none set, calls run unchecked. A start "
      + "function runs while its plugin loads, where nothing can pause, so it never stops.",
    "watch": "Pauses a call right after the instruction (or capability call) that changes "
      + "any of the LENGTH bytes (default 4, at most 4096) at OFFSET of PLUGIN's memory, "
      + "showing the bytes before and after. OFFSET is decimal or 0x hex. Watchpoints are "
      + "numbered with breakpoints.",
    "breaks": "Lists the breakpoints and watchpoints with their numbers, for \"delete N\".",
    "delete": "Deletes breakpoint or watchpoint N (see \"breaks\").",
  ]

  /// Frames `where` shows before folding: this many at each end.
  static let shownFrames = 10

  /// `where ID`.
  private func showCallStack(_ word: String) throws {
    let frames = try host.callStack(of: try inspectableID(word))
    let keep = Self.shownFrames
    for (depth, frame) in frames.enumerated() {
      if frames.count > 2 * keep, depth >= keep, depth < frames.count - keep {
        if depth == keep {
          print(
            "… \(frames.count - 2 * keep) more frames (\"frame \(word) N\" shows any of them)")
        }
        continue
      }
      print(GuestText.escape(Self.line(frame)))
    }
  }

  /// `#1 app.sum+0xa  in: call 0 (add)`, or for the innermost frame `next: …`.
  static func line(_ frame: PausedCallFrame) -> String {
    let header = "#\(frame.frame.depth) \(frame)"
    if let call = frame.callInstruction, let offset = frame.frame.callBodyOffset {
      return "\(header)+\(hex(offset))  in: \(call)"
    }
    return "\(header)+\(hex(frame.frame.bodyOffset))  next: \(frame.nextInstruction)"
  }

  /// `frame ID N`.
  private func showFrame(_ word: String, _ depthWord: String) throws {
    guard let depth = Int(depthWord), depth >= 0 else {
      throw ReplError(
        "\"\(depthWord)\" is not a frame number; \"where \(word)\" lists them (0 is the innermost)")
    }
    let inspected = try host.inspectFrame(depth, of: try inspectableID(word))
    print(GuestText.escape(Self.line(inspected.frame)))
    let state = inspected.state
    print(state.locals.isEmpty ? "locals: none" : "locals:")
    for (index, value) in state.locals.enumerated() {
      print("  \(index)  \(ValueFormatting.format(value))")
    }
    print(state.operands.isEmpty ? "operands: none" : "operands (bottom first):")
    for (index, operand) in state.operands.enumerated() {
      switch operand {
      case .value(let value): print("  \(index)  \(ValueFormatting.format(value))")
      case .untyped(let bits): print("  \(index)  untyped 0x\(String(bits, radix: 16))")
      }
    }
    print(GuestText.escape("next: \(state.nextInstruction)"))
  }

  /// `disasm PLUGIN.FUNC`.
  private func disassemble(_ word: String) throws {
    guard let typed = argumentWords.first, let (name, function) = try splitCall(typed) else {
      throw ReplError("\"\(word)\" is not PLUGIN.FUNC; e.g. disasm counter.next")
    }
    _ = try requirePlugin(name)
    let lines: [DisassembledInstruction]
    do {
      lines = try host.disassemble(name, function)
    } catch {
      throw Self.functionError(error)
    }
    print(GuestText.escape("\(name).\(function):"))
    let width = lines.map { Self.hex($0.bodyOffset).count }.max() ?? 0
    for line in lines {
      let offset = Self.hex(line.bodyOffset)
      let padding = String(repeating: " ", count: width - offset.count)
      let indent = String(repeating: "  ", count: line.depth)
      print(GuestText.escape("  \(padding)\(offset)  \(indent)\(line.text)"))
    }
  }

  /// `step ID [N]`, `next ID`, `finish ID`: runs the call under the debugger, holding the
  /// host, then shows where it stopped and what changed.
  private func step(_ words: [String], _ kind: StepKind? = nil) throws {
    let id = try inspectableID(words[0])
    var step = kind ?? .instructions(1)
    if words.count > 1 {
      guard let count = Int(words[1].replacingOccurrences(of: "_", with: "")), count >= 1 else {
        throw ReplError(
          "\"\(words[1])\" is not a number of instructions; give a whole number ≥ 1, e.g. step "
            + "\(id.rawValue) 3")
      }
      step = .instructions(count)
    }
    let paused = host.pausedCalls.first { $0.id == id }
    let callBudget = paused?.budgetLeft ?? budget
    let before = try? host.inspectFrame(0, of: id)
    let depth = (try? host.callStack(of: id).count) ?? 0
    let result = try host.stepWithOutput(id, step, budget: callBudget)
    // The log lines the step made, before where it stopped.
    flushLogs()
    guard case .paused(let call) = result.outcome, call.stop != nil else {
      // What a call wrote prints when it ends, as after a resume.
      let ended = if case .paused = result.outcome { false } else { true }
      report(result.outcome, interrupted: false, label: nil, output: ended ? result.output : [])
      return
    }
    if case .breakpoint(let breakpoint) = call.stop {
      print(GuestText.escape("stopped at breakpoint \(breakpoint)"))
    } else if let stop = call.stop, case .watchpoint = stop {
      print(GuestText.escape("stopped at \(stop)"))
    }
    try showChanges(id, from: before, depth: depth)
  }

  /// `back ID [N]`.
  private func back(_ words: [String]) throws {
    let id = try inspectableID(words[0])
    var count = 1
    if words.count > 1 {
      guard let number = Int(words[1].replacingOccurrences(of: "_", with: "")), number >= 1 else {
        throw ReplError(
          "\"\(words[1])\" is not a number of instructions; give a whole number ≥ 1, e.g. back "
            + "\(id.rawValue) 3")
      }
      count = number
    }
    let before = try? host.inspectFrame(0, of: id)
    let depth = (try? host.callStack(of: id).count) ?? 0
    let ticks = host.pausedCalls.first { $0.id == id }?.ticksUsed ?? 0
    let call: PausedCall
    do {
      call = try host.back(id, count)
    } catch {
      // (A typed `catch` pattern of two levels crashes the Swift 6.3 compiler's SILGen.)
      guard case .timeTravel(.beforeHistory(let requested, let available)) = error else {
        throw error
      }
      throw ReplError(
        "cannot go back \(requested) instruction\(requested == 1 ? "" : "s") in call \(id): its "
          + "history reaches back \(available) (\"history \(id.rawValue)\" lists them)")
    }
    try showChanges(id, from: before, depth: depth)
    print("  ticks: \(ticks) → \(call.ticksUsed)")
  }

  /// `history ID`.
  private func showHistory(_ word: String) throws {
    let id = try inspectableID(word)
    let history = try host.history(of: id)
    let reach = history.reach
    print(
      "call \(id): \(history.current.instructions) instruction"
        + "\(history.current.instructions == 1 ? "" : "s") since its history started; "
        + (reach == 0
          ? "nothing to go back to yet" : "\"back \(id.rawValue) N\" goes back up to \(reach)"))
    let current = history.current.instructions
    let labels = history.points.map {
      $0.instructions == current ? "now" : "back \(current - $0.instructions)"
    }
    let width = labels.map(\.count).max() ?? 0
    var previous: Int?
    for (point, label) in zip(history.points, labels) {
      if let previous, point.instructions > previous + 1 { print("  …") }
      previous = point.instructions
      let padding = String(repeating: " ", count: width - label.count)
      let place =
        point.frame.map { "\($0)+\(Self.hex($0.frame.bodyOffset))  next: \($0.nextInstruction)" }
        ?? "?"
      print(
        GuestText.escape(
          "  \(label)\(padding)  \(Self.ticks(point.ticks))  \(place)"
            + (point.isCheckpoint ? "  (checkpoint)" : "")))
    }
    print(
      "  \(history.checkpoints) checkpoint\(history.checkpoints == 1 ? "" : "s"), "
        + "\(history.hostCalls) host call\(history.hostCalls == 1 ? "" : "s") logged, "
        + "\(MemorySize.format(history.bytes)) kept")
  }

  /// Prints where call `id` stands after a step or going back, and what changed since
  /// `before` (its innermost frame then, `depth` frames deep): the locals written when it is
  /// still in that frame, else all of them, and the top of the operand stack.
  private func showChanges(_ id: PausedCallID, from before: PausedCallFrameState?, depth: Int)
    throws
  {
    let after = try host.inspectFrame(0, of: id)
    print(GuestText.escape(Self.line(after.frame)))
    let sameFrame =
      before.map {
        $0.frame.frame.function == after.frame.frame.function
          && (try? host.callStack(of: id).count) == depth
      } ?? false
    if sameFrame, let before {
      for (index, value) in after.state.locals.enumerated()
      where index < before.state.locals.count && before.state.locals[index] != value {
        print(
          "  local \(index): \(ValueFormatting.format(before.state.locals[index])) → "
            + ValueFormatting.format(value))
      }
    } else {
      let locals = after.state.locals.enumerated().map { "\($0) \(ValueFormatting.format($1))" }
      print("  locals: " + (locals.isEmpty ? "none" : locals.joined(separator: ", ")))
    }
    switch after.state.operands.last {
    case nil: print("  operands: none")
    case .value(let value)?: print("  top: \(ValueFormatting.format(value))")
    case .untyped(let bits)?: print("  top: untyped 0x\(String(bits, radix: 16))")
    }
  }

  /// `break PLUGIN.FUNC[@OFFSET]`.
  private func setBreakpoint(_ word: String) throws {
    guard let typed = argumentWords.first else { return }
    var target = typed
    var offset: Int?
    if let at = typed.text.lastIndex(of: "@") {
      let offsetText = String(typed.text[typed.text.index(after: at)...])
      let value =
        offsetText.hasPrefix("0x") ? Int(offsetText.dropFirst(2), radix: 16) : Int(offsetText)
      guard let value, value >= 0 else {
        throw ReplError(
          "\"\(offsetText)\" is not a body offset; give one as disasm shows it, e.g. "
            + "break counter.next@0x3")
      }
      offset = value
      let length = typed.text.distance(from: typed.text.startIndex, to: at)
      target = Tokenizer.Word(
        text: String(typed.text[..<at]), quoted: typed.quoted,
        dots: typed.dots.filter { $0 < length })
    }
    guard let (name, function) = try splitCall(target) else {
      throw ReplError("\"\(word)\" is not PLUGIN.FUNC[@OFFSET]; e.g. break counter.next")
    }
    _ = try requirePlugin(name)
    let breakpoint: HostBreakpoint
    do {
      breakpoint = try host.setBreakpoint(name, function, bodyOffset: offset)
    } catch {
      throw Self.functionError(error)
    }
    print(GuestText.escape("breakpoint \(breakpoint)"))
  }

  /// `error`, worded for a function that is not there when it says so.
  static func functionError(_ error: PluginHostError) -> any Error {
    guard case .unknownExport(let plugin, let export, let available) = error else { return error }
    return ReplError(
      GuestText.escape(
        "\(plugin) has no function \"\(export)\" (an export, a name-section name or "
          + "func[INDEX]); its exported functions: "
          + (available.isEmpty ? "none" : available.joined(separator: ", "))))
  }

  /// `breaks`.
  private func listBreakpoints() {
    let lines =
      host.breakpoints.map { ($0.number, $0.description) }
      + host.watchpoints.map {
        (
          $0.number,
          "\($0.number) watch \($0.plugin)[0x" + String($0.offset, radix: 16)
            + ", \($0.length) bytes]"
        )
      }
    if lines.isEmpty {
      print("no breakpoints; \"break PLUGIN.FUNC\" or \"watch PLUGIN OFFSET\" sets one")
    }
    for (_, line) in lines.sorted(by: { $0.0 < $1.0 }) { print(GuestText.escape(line)) }
  }

  /// `watch PLUGIN OFFSET [LENGTH]`.
  private func setWatchpoint(_ words: [String]) throws {
    let offset = try number(words[1], what: "offset")
    let length = try words.count > 2 ? number(words[2], what: "length") : 4
    _ = try requirePlugin(words[0])
    let watchpoint = try host.setWatchpoint(plugin: words[0], offset: offset, length: length)
    print(GuestText.escape("watchpoint \(watchpoint)"))
  }

  /// `delete N`.
  private func deleteBreakpoint(_ word: String) throws {
    guard let number = Int(word) else {
      throw ReplError("\"\(word)\" is not a breakpoint number; \"breaks\" lists them")
    }
    if let watchpoint = host.watchpoints.first(where: { $0.number == number }) {
      try host.deleteStop(number)
      print(GuestText.escape("deleted watchpoint \(watchpoint)"))
      return
    }
    let breakpoint = try host.deleteBreakpoint(number)
    print(GuestText.escape("deleted breakpoint \(breakpoint)"))
  }

  /// Prints `where` for call `id`, which stopped at a breakpoint, holding the host.
  func showStop(_ id: PausedCallID) {
    guard let frames = try? holdingHost({ try host.callStack(of: id) }) else { return }
    for frame in frames.prefix(Self.shownFrames) { print(GuestText.escape(Self.line(frame))) }
    if frames.count > Self.shownFrames {
      print(
        "… \(frames.count - Self.shownFrames) more frames (\"where \(id.rawValue)\" shows them)")
    }
  }

  /// The paused call `word` names, saying how to find one when there is none.
  private func inspectableID(_ word: String) throws(ReplError) -> PausedCallID {
    let id = try pausedID(word)
    guard host.pausedCalls.contains(where: { $0.id == id }) else {
      let running = background[id] != nil ? " (it is running in the background)" : ""
      throw ReplError(
        "no paused call \(id)\(running); \"paused\" lists the calls that can be inspected")
    }
    return id
  }

  /// `0x1f`.
  static func hex(_ value: Int) -> String { "0x" + String(value, radix: 16) }
}
