// SPDX-License-Identifier: Apache-2.0
// The terminal, per platform (see console.hpp).
#include "console.hpp"

#ifdef _WIN32
#include <io.h>
#include <windows.h>
#else
#include <unistd.h>

#include <csignal>
#endif

#include <cstdlib>

namespace smpctl {
namespace {

// Written as one block with the lowest-level call there is: a signal handler may use nothing
// that locks or allocates (POSIX async-signal-safe functions: write, _exit).
constexpr char interrupted_line[] = "\nsmpctl: interrupted\n";

#ifdef _WIN32
HANDLE stderr_handle() {
    return ::GetStdHandle(STD_ERROR_HANDLE);
}

// Runs on a thread of its own that Windows starts for the event, so it may write and exit.
BOOL WINAPI on_console_event(DWORD event) {
    switch (event) {
        case CTRL_C_EVENT:
        case CTRL_BREAK_EVENT:
        case CTRL_CLOSE_EVENT: {
            DWORD written = 0;
            ::WriteFile(stderr_handle(), interrupted_line, sizeof interrupted_line - 1, &written,
                        nullptr);
            ::ExitProcess(interrupted_exit_code);
        }
        default:
            return FALSE;  // logoff, shutdown: the default handling
    }
}
#else
extern "C" void on_signal(int) {
    [[maybe_unused]] const auto written =
        ::write(STDERR_FILENO, interrupted_line, sizeof interrupted_line - 1);
    ::_exit(interrupted_exit_code);
}
#endif

}  // namespace

#ifdef _WIN32
bool stderr_is_terminal() {
    DWORD mode = 0;  // a console has a mode; a pipe, a file or a MSYS pty has none
    return ::GetConsoleMode(stderr_handle(), &mode) != 0;
}

bool enable_terminal_escapes() {
    DWORD mode = 0;
    if (::GetConsoleMode(stderr_handle(), &mode) == 0)
        return false;
    if ((mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0)
        return true;
    // Windows 10 1511 and later; an older console refuses and shows the escapes as text.
    return ::SetConsoleMode(stderr_handle(), mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0;
}

void exit_cleanly_on_interrupt() {
    ::SetConsoleCtrlHandler(on_console_event, TRUE);
}
#else
bool stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

bool enable_terminal_escapes() {
    return true;  // every terminal emulator in use runs "\r\x1b[K"
}

void exit_cleanly_on_interrupt() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);
}
#endif

}  // namespace smpctl
