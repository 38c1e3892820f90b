import PluginHost
import Testing
import WasmVM

/// A paused call's frames with their plugins, and plugins' code as text
/// (`Sources/PluginHost/Debugging`).
@Suite struct InspectionTests {
  static let lib = """
    (module
      (func (export "add") (param i32 i32) (result i32)
        (i32.add (local.get 0) (local.get 1))))
    """

  static let app = """
    (module
      (import "lib" "add" (func $add (param i32 i32) (result i32)))
      (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
      (func (export "sum") (param i32 i32) (result i32)
        (i32.const 1000)
        (call $add (local.get 0) (call $twice (local.get 1)))
        (i32.add)))
    """

  func host() throws -> PluginHost {
    let host = TestHost().host
    try host.load(PluginSource(name: "lib", wat: Self.lib))
    try host.load(PluginSource(name: "app", wat: Self.app, links: .anyPlugin))
    return host
  }

  @Test func framesNameTheirPlugins() throws {
    let host = try host()
    // app.sum: i32.const, local.get 0, local.get 1, call twice; twice: 4 more; call add; lib.add:
    // local.get 0.
    let call = try host.paused("app", "sum", [.i32(3), .i32(4)], budget: 10)
    let frames = try host.callStack(of: call.id)
    #expect(frames.map(\.description) == ["lib.add", "app.sum"])
    #expect(frames.map(\.plugin) == ["lib", "app"])
    #expect(frames.map(\.nextInstruction) == ["local.get 1", "i32.add"])
    #expect(frames.map(\.callInstruction) == [nil, "call 0 (add)"])
    // app.sum's body: locals (1 byte), i32.const 1000 (3), local.get 0 (2), local.get 1 (2),
    // call 1 (2), call 0 at 10 (2), i32.add at 12.
    #expect(frames.map(\.frame.bodyOffset) == [3, 12])
    #expect(frames.map(\.frame.callBodyOffset) == [nil, 10])
    let inner = try host.inspectFrame(0, of: call.id)
    #expect(inner.frame == frames[0])
    #expect(inner.state.locals == [.i32(3), .i32(8)])
    #expect(inner.state.operands == [.value(.i32(3))])
    #expect(inner.state.nextInstruction == "local.get 1")
    let outer = try host.inspectFrame(1, of: call.id)
    #expect(outer.state.operands == [.value(.i32(1000))])
    #expect(outer.state.callInstruction == "call 0 (add)")
    #expect(outer.state.nextInstruction == "i32.add")
    // Inspecting left the call as it was: the same result and ticks as a call never paused.
    guard case .completed(let values, let ticks) = try host.resume(call.id, budget: 100) else {
      Issue.record("the call did not complete")
      return
    }
    guard
      case .completed(values, ticks) = try host.call("app", "sum", [.i32(3), .i32(4)], budget: 100)
    else {
      Issue.record("an unpaused call differs")
      return
    }
    #expect(values == [.i32(1011)])
  }

  @Test func disassemblyByExportOrIndex() throws {
    let host = try host()
    let add = try host.disassemble("lib", "add").map(\.text)
    #expect(add == ["local.get 0", "local.get 1", "i32.add", "end"])
    let twice = try host.disassemble("app", "func[1]")
    #expect(twice.map(\.text) == ["local.get 0", "i32.const 2", "i32.mul", "end"])
    #expect(twice.map(\.bodyOffset) == [1, 3, 5, 6])
  }

  @Test func questionsWithoutAnswers() throws {
    let host = try host()
    let call = try host.paused("app", "sum", [.i32(3), .i32(4)], budget: 2)
    guard
      case .inspection(.noSuchFrame(depth: 1, frameCount: 1)) = hostError({
        try host.inspectFrame(1, of: call.id)
      })
    else {
      Issue.record("frame 1 of a one-frame call")
      return
    }
    let unknown = PausedCallID(rawValue: 99)
    guard case .unknownPausedCall(unknown) = hostError({ try host.callStack(of: unknown) }) else {
      Issue.record("an unknown call")
      return
    }
    guard case .unknownExport = hostError({ try host.disassemble("lib", "nothere") }) else {
      Issue.record("an unknown function")
      return
    }
    guard
      case .inspection(.noSuchFunction(index: 0)) = hostError({
        try host.disassemble("app", "func[0]")
      })
    else {
      Issue.record("an imported function")
      return
    }
    guard case .unknownPlugin = hostError({ try host.disassemble("nobody", "f") }) else {
      Issue.record("an unknown plugin")
      return
    }
  }
}
