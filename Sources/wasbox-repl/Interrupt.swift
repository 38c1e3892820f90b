import CReadline
import Foundation
import Synchronization

/// Set by SIGINT, read between slices of a call (which then pauses) and by readline's event
/// hook at the prompt (which clears the line). An atomic store is all a signal handler may
/// safely do here.
let interruptFlag = Atomic<Bool>(false)

enum Interrupt {
  /// Routes Ctrl-C to ``interruptFlag`` instead of ending the process. `sa_flags` is 0 (no
  /// `SA_RESTART`) so a blocked `read` in readline returns `EINTR` and readline calls its
  /// signal event hook.
  static func install() {
    var action = sigaction()
    setHandler(of: &action) { _ in interruptFlag.store(true, ordering: .relaxed) }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
    // A parent (a test runner, a shell script) may have left SIGINT blocked, and children
    // inherit the mask: unblock it, or Ctrl-C would never arrive.
    var mask = sigset_t()
    sigemptyset(&mask)
    sigaddset(&mask, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &mask, nil)
  }

  /// Sets `sa_handler`, which each C library keeps in a union of its own name.
  private static func setHandler(
    of action: inout sigaction, _ handler: @convention(c) (Int32) -> Void
  ) {
    #if canImport(Glibc)
      action.__sigaction_handler.sa_handler = handler
    #elseif canImport(Musl)
      action.__sa_handler.sa_handler = handler
    #elseif canImport(Darwin)
      action.__sigaction_u.__sa_handler = handler
    #else
      #error("Interrupt.install: no sigaction layout for this C library")
    #endif
  }

  /// Whether Ctrl-C was pressed since the last time, clearing it.
  static func take() -> Bool { interruptFlag.exchange(false, ordering: .relaxed) }
}
