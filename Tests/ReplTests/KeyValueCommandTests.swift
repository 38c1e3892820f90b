import Testing

/// `kv NAME set/get/delete` go through the same checks as a plugin's `kv` imports, and take
/// keys in the `0x…` form the listing prints.
@Suite struct KeyValueCommandTests {
  private func run(_ commands: [String]) -> (String, Int) {
    ReplTestSupport.run(["load plugins/counter.wat"] + commands)
  }

  @Test func emptyKeyIsRefused() {
    let (output, failures) = run(["kv counter set \"\" x", "kv counter set 0x x", "kv counter"])
    #expect(failures == 2)
    #expect(output.contains("a kv key cannot be empty or contain a 0 byte"))
    #expect(output.contains("counter has no kv data"))
  }

  @Test func keyWithAZeroByteIsRefused() {
    let (output, failures) = run(["kv counter set 0x6100 x"])
    #expect(failures == 1)
    #expect(output.contains("a kv key cannot be empty or contain a 0 byte"))
  }

  @Test func keyOverTheLimitIsRefused() {
    let long = String(repeating: "k", count: 257)
    let longest = String(repeating: "k", count: 256)
    let (output, failures) = run([
      "kv counter set \(long) x", "kv counter get \(long)", "kv counter set \(longest) x",
    ])
    #expect(failures == 2)
    #expect(output.contains("the key is too long; kv keys are at most 256 bytes"))
    #expect(output.contains("set counter \(longest)"))
  }

  @Test func valueOverTheLimitIsRefused() {
    let large = String(repeating: "v", count: 64 * 1024 + 1)
    let largest = String(repeating: "v", count: 64 * 1024)
    let (output, failures) = run([
      "kv counter set big \(large)", "kv counter set big \(largest)", "kv counter get big",
    ])
    #expect(failures == 1)
    #expect(output.contains("the value is too long; kv values are at most 65536 bytes"))
    #expect(output.contains("65,536 bytes:\n00000000  76 76"))
  }

  /// A 64 KiB value is neither one 131,072-digit line in the listing nor in `get`: the
  /// listing shows 32 bytes and how many more, `get` a squeezed hexdump (issue 17, item 16).
  @Test func aLargeValueIsShortenedInTheListingAndHexdumpedByGet() {
    let hex = "0x" + String(repeating: "ab", count: 64 * 1024)
    let (output, failures) = run([
      "kv counter set big \(hex)", "kv counter", "kv counter get big",
    ])
    #expect(failures == 0, "\(output)")
    #expect(output.split(separator: "\n").allSatisfy { $0.count < 200 || $0.contains(" set big ") })
    #expect(
      output.contains(
        "  \"big\" = 0x\(String(repeating: "ab", count: 32)) … 65,504 more bytes "
          + "(\"kv counter get big\" shows all)\n"))
    #expect(
      output.hasSuffix(
        "65,536 bytes:\n00000000  ab ab ab ab ab ab ab ab  ab ab ab ab ab ab ab ab  "
          + "|................|\n*\n00010000\n"))
  }

  /// In quotes a key is always text, so a text key that looks like hex can be used
  /// (issue 17).
  @Test func aQuotedKeyIsTextEvenWhenItLooksLikeHex() {
    let (output, failures) = run([
      "kv counter set \"0x41\" text", "kv counter set 0x41 bytes", "kv counter get \"0x41\"",
      "kv counter get 0x41", "kv counter delete \"0x41\"", "kv counter",
    ])
    #expect(failures == 0, "\(output)")
    #expect(output.contains("wasbox> kv counter get \"0x41\"\n\"text\"\n"))
    #expect(output.contains("wasbox> kv counter get 0x41\n\"bytes\"\n"))
    #expect(output.contains("deleted counter \"0x41\"\n"))
    #expect(output.hasSuffix("wasbox> kv counter\n  \"A\" = \"bytes\"\n"))
  }

  @Test func nonTextKeysAreReadAndDeletedInTheFormTheListingShows() {
    let (output, failures) = run([
      "kv counter set 0x01ff 0x00", "kv counter", "kv counter get 0x01ff",
      "kv counter delete 0x01ff", "kv counter",
    ])
    #expect(failures == 0)
    #expect(output.contains("  0x01ff = 0x00\n"))
    #expect(output.contains("wasbox> kv counter get 0x01ff\n0x00\n"))
    #expect(output.contains("deleted counter 0x01ff"))
    #expect(output.hasSuffix("counter has no kv data\n"))
  }

  @Test func helpExplainsKeysAndLimits() {
    let (output, _) = ReplTestSupport.run(["help kv"])
    #expect(output.contains("0x hex bytes"))
    #expect(output.contains("256 bytes"))
    #expect(output.contains("64 KiB"))
  }
}
