import Foundation
import WasmISA

/// Writes what the instruction table (`Sources/WasmISA/NumericInstructions.swift`) derives:
/// `swift run wasbox-isa` from the package root, or `--check` to only report stale files
/// (exit status 1).
@main
struct WasboxISA {
  static func main() {
    let arguments = CommandLine.arguments.dropFirst()
    let check = arguments.contains("--check")
    guard arguments.allSatisfy({ $0 == "--check" }) else {
      print("usage: wasbox-isa [--check]   (run from the package root)")
      exit(2)
    }
    var stale: [String] = []
    for source in GeneratedSource.all {
      let url = URL(fileURLWithPath: source.path)
      let current = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
      do {
        let expected = try source.expectedContents(current: current)
        guard expected != current else { continue }
        stale.append(source.path)
        if !check { try expected.write(to: url, atomically: true, encoding: .utf8) }
      } catch {
        print("wasbox-isa: \(error)")
        exit(1)
      }
    }
    let verb = check ? "stale" : "wrote"
    print(
      stale.isEmpty
        ? "wasbox-isa: up to date" : stale.map { "\(verb) \($0)" }.joined(separator: "\n"))
    if check && !stale.isEmpty { exit(1) }
  }
}
