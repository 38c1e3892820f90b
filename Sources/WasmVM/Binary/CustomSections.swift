/// Custom sections, kept verbatim; the `name` section is also read for debugging names.
extension ModuleDecoder {
  mutating func decodeCustomSection(end: Int) throws(DecodeError) {
    let name = try reader.readName()
    guard reader.position <= end else {
      // The name overran the section; the reference interpreter fails skipping a negative
      // number of payload bytes.
      throw DecodeError(DecodeError.endOfInputMessage, offset: end)
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
