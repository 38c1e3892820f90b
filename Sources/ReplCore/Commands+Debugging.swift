import PluginHost
import WasmVM

/// Inspecting paused calls and plugins' code: `where`, `frame` and `disasm`. The host does the
/// inspecting (``PluginHost/callStack(of:)``); these only present it, every guest name escaped.
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
      guard case .unknownExport(let plugin, let export, let available) = error else { throw error }
      throw ReplError(
        GuestText.escape(
          "\(plugin) has no function \"\(export)\" (an export, a name-section name or "
            + "func[INDEX]); its exported functions: "
            + (available.isEmpty ? "none" : available.joined(separator: ", "))))
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
