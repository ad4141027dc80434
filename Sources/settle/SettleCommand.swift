import ArgumentParser
import SettleMonthEnd

@main
struct SettleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract: "Month-end settlement for the compute-provider partner programme.",
        version: "settle \(SettleCommand.release) (\(MonthEnd.engineVersion))",
        subcommands: [
            MigrateCommand.self, ContractsCommand.self, ImportCommand.self, ProvidersCommand.self,
            RunCommand.self, ShowCommand.self, ApproveCommand.self, CloseCommand.self, VerifyCommand.self, ExplainCommand.self,
            PreviewCommand.self, StatementsCommand.self, ReportCommand.self,
            PayoutsCommand.self, InvoicesCommand.self, JournalCommand.self, BankCommand.self, PeriodsCommand.self, LogCommand.self, DemoCommand.self,
            GenerateCommand.self, ShardsCommand.self, ClusterCommand.self,
        ]
    )

    /// This build's release; the engine version beside it says which arithmetic it computes with.
    static let release = "1.2.0"
}
