// SPDX-License-Identifier: Apache-2.0
#pragma once
// The terminal smpctl writes to, the same on Linux, macOS and Windows: whether stderr is a
// terminal (progress bar or plain lines), the escape sequences the bar uses (a Windows console
// runs them only in its virtual-terminal mode), and what Ctrl-C does.
namespace smpctl {

/// Whether stderr is an interactive terminal (a Linux tty, a Windows console).
bool stderr_is_terminal();

/// Sets stderr up for the progress bar: on Windows turns on the console's virtual-terminal
/// mode ("\r\x1b[K"); elsewhere nothing to do. Returns false when a terminal cannot run the
/// escape sequences (an old Windows console), so the caller prints plain lines.
bool enable_terminal_escapes();

/// Ctrl-C (SIGINT, SIGTERM; on Windows also Ctrl-Break and the console closing) ends smpctl
/// with exit code 130 after ending the progress line, so the shell's prompt starts on a clean
/// line. Nothing on the device needs undoing: an interrupted upload resumes on the next run.
void exit_cleanly_on_interrupt();

/// The exit code of an interrupted smpctl (128 + SIGINT, as shells report it).
inline constexpr int interrupted_exit_code = 130;

}  // namespace smpctl
