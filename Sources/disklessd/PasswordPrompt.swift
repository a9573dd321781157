import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a new password from standard input (`--password-stdin`) or asks twice on the terminal
/// without echo.
enum PasswordPrompt {
    static func read(fromStdin: Bool) throws -> String {
        if fromStdin {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("no password on standard input")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else { throw ValidationError("standard input is not a terminal: use --password-stdin") }
        let first = try ask("New password: ")
        let second = try ask("Repeat it: ")
        guard first == second else { throw ValidationError("the passwords differ") }
        return first
    }

    /// One line from the terminal with echo off.
    static func ask(_ prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("no password given") }
        return line
    }
}
