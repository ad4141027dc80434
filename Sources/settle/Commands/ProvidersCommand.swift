import ArgumentParser


struct ProvidersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "providers",
        abstract: "Withhold or release a provider's payouts, or list every provider with its hold.",
        subcommands: [Hold.self, Release.self, List.self]
    )
}
