// A text-filter app: plugins transform a document, and may ask the app for its settings
// through a capability of the app's own (README.md, "An API of the app's own"). Runs the
// example filters in Tests/Embedders/filters and checks the result.
import Foundation

let filters = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("filters")

do {
  let result = try filterDocument(
    "Dear Ada,\nthe engine runs.",
    through: [
      filters.appendingPathComponent("shout.wat"), filters.appendingPathComponent("sign.wat"),
    ], settings: ["shout": "yes", "signature": "Charles"])
  print(result)
  let expected = "DEAR ADA,\nTHE ENGINE RUNS.\n-- Charles"
  guard result == expected else {
    print("text-filter: FAIL: expected \(expected.debugDescription)")
    exit(1)
  }
  print("text-filter: ok")
} catch {
  print("text-filter: FAIL: \(error)")
  exit(1)
}
