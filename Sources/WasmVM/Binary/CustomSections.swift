/// Custom sections, kept verbatim; the `name` section is also read for debugging names.
extension ModuleDecoder {
  mutating func decodeCustomSection(end: Int) throws(DecodeError) {
    let name = try reader.readName()
    // Either the name overran the section (the reference interpreter then fails skipping a
    // negative number of payload bytes), or the declared size, which is only bounded from
    // the start of its own encoding, runs past the end of the binary.
    guard reader.position <= end, end <= reader.bytes.count else {
      throw DecodeError(DecodeError.endOfInputMessage, offset: Swift.min(end, reader.bytes.count))
    }
    let payload = Array(reader.bytes[reader.position..<end])
    reader.position = end
    module.customSections.append(CustomSection(name: name, bytes: payload))
    if name == "name", let names = NameSection(payload: payload) {
      module.moduleName = names.moduleName ?? module.moduleName
      module.functionNames.merge(names.functionNames) { _, new in new }
    }
  }
}
