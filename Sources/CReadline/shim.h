// GNU readline for wasbox-repl. <stdio.h> comes first because readline's headers use FILE
// without including it. readline is configured through global variables, which Swift 6
// rejects as shared mutable state; these small accessors keep that in C.
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

typedef char **(*wasbox_completer)(const char *text, int start, int end);

/// Installs the completer and the hook readline calls when a signal interrupts its read, and
/// leaves signals to the application (Ctrl-C must pause calls, not kill the process).
static inline void wasbox_rl_configure(wasbox_completer completer, rl_hook_func_t *signal_hook) {
  rl_catch_signals = 0;
  rl_readline_name = "wasbox";
  rl_basic_word_break_characters = " \t";
  rl_completer_word_break_characters = (char *)" \t";
  // A word may be in double quotes (a path with spaces): readline then passes the completer
  // the word without its opening quote, which the completer sees before `start`.
  rl_completer_quote_characters = "\"";
  rl_attempted_completion_function = completer;
  rl_signal_event_hook = signal_hook;
}

/// Tells readline not to fall back to file name completion after the completer ran.
static inline void wasbox_rl_completion_over(void) { rl_attempted_completion_over = 1; }

/// The whole line being edited, for context-aware completion.
static inline const char *wasbox_rl_line_buffer(void) { return rl_line_buffer; }

/// Leaves closing quotes to the completer, which adds one after a finished path only.
static inline void wasbox_rl_suppress_quote(void) { rl_completion_suppress_quote = 1; }

/// Stops readline from adding a space after a completion that can go on (`dir/`, `plugin.`).
static inline void wasbox_rl_no_append(void) { rl_completion_append_character = 0; }

/// Prints above the line being edited (readline's callback mode): hides the prompt and the
/// line, lets `print` write whole lines, then redraws the prompt and the line with the cursor
/// where it was, so that output arriving while the user types never mangles what they typed.
static inline void wasbox_rl_print_above(void (*print)(void)) {
  int saved_point = rl_point;
  char *saved_line = rl_copy_text(0, rl_end);
  rl_save_prompt();
  rl_replace_line("", 0);
  rl_redisplay();
  print();
  rl_restore_prompt();
  rl_replace_line(saved_line ? saved_line : "", 0);
  rl_point = saved_point;
  rl_redisplay();
  free(saved_line);
}

/// Empties the line being edited and starts a fresh prompt below it (Ctrl-C at the prompt).
static inline void wasbox_rl_clear_line(void) {
  rl_replace_line("", 0);
  rl_crlf();
  rl_on_new_line();
  rl_redisplay();
}
