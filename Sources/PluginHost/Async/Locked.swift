import Foundation

/// A value behind a lock. Like Synchronization's `Mutex`, but built on `NSLock` (a pthread
/// mutex), which ThreadSanitizer understands: on Linux it reports `Mutex`-guarded accesses
/// from two threads as races, because `Mutex` locks through calls it does not see.
///
/// `package`: ReplCore shares it for state its session and the host's thread both touch.
package final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  package init(_ value: sending Value) { self.value = value }

  package func withLock<Result, Failure: Error>(
    _ body: (inout Value) throws(Failure) -> sending Result
  ) throws(Failure) -> sending Result {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}
