import ArgumentParser
import DisklessdApp
import Domain
import Foundation
import Services

/// `disklessd user list|add|set-password|delete`: manage users without the API (e.g. a lost
/// admin password). Works on the database directly; prints nothing secret.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage console and API users.",
        subcommands: [List.self, Add.self, SetPassword.self, Delete.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var common: CommonOptions

        func run() async throws {
            let services = try common.services()
            for user in try await services.auth.users() {
                print("\(user.id)\t\(user.username)\t\(user.role.rawValue)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "User name.") var username: String
        @Option(help: "admin, operator or viewer.") var role: String = "viewer"
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            let services = try common.services()
            let password = try PasswordPrompt.read(fromStdin: passwordStdin)
            let user = try await services.auth.createUser(UserInput(username: username, password: password, role: role),
                                                          by: .system)
            print("created user \(user.username) (\(user.role.rawValue))")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Set a user's password.")
        @OptionGroup var common: CommonOptions
        @Argument(help: "User name.") var username: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false

        func run() async throws {
            let services = try common.services()
            let password = try PasswordPrompt.read(fromStdin: passwordStdin)
            try await services.auth.setPassword(username: username, password: password)
            print("password of \(username) changed")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user (not the last admin).")
        @OptionGroup var common: CommonOptions
        @Argument(help: "User name.") var username: String

        func run() async throws {
            let services = try common.services()
            guard let user = try await services.auth.users().first(where: { $0.username.lowercased() == username.lowercased() }) else {
                throw ValidationError("no user named \(username)")
            }
            _ = try await services.auth.deleteUser(id: user.id, by: .system)
            print("deleted user \(user.username)")
        }
    }
}

extension CommonOptions {
    /// The services over the data directory's database (created when missing).
    func services() throws -> ServiceContainer {
        try App(config: AppConfig(dataDir: dataDir, logLevel: try level())).openServices()
    }
}
