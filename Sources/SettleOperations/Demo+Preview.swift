import Foundation
import SettleContracts
import SettleCore
import SettleExport
import SettleStore

extension Demo {
    /// A partner manager's question after the quarter: what would acme-cloud's 14% API share from
    /// 16 October cost? `settle preview` answers it without loading anything (docs/REFERENCE.md
    /// §8): the amendment is written as `OUT/preview/acme-cloud-v3.yaml`, the comparison beside it
    /// as `preview.txt` and `preview.json`.
    ///
    /// - Parameter amended: the stored version the amendment follows (acme-cloud-2026 version 2).
    func previewAmendment(of amended: SourcedContract, store: Store, today: Day, say: (String) -> Void) throws {
        let folder = "\(out)/preview"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = "\(folder)/acme-cloud-v3.yaml"
        let next = amended.contract.version + 1
        // Version 2's terms without its opening comments (they describe version 2), amended.
        let terms = amended.text.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("#") }
            .joined(separator: "\n")
        try ("# A hypothetical amendment of acme-cloud-2026 that `settle demo` previews and never loads: API share\n"
            + "# up from 12% to 14% from 16 October 2026.\n" + terms
            .replacingOccurrences(of: "version: \(amended.contract.version)", with: "version: \(next)")
            .replacingOccurrences(of: "effective: \(amended.contract.effective)", with: "effective: 2026-10-16")
            .replacingOccurrences(of: "rate: 12%", with: "rate: 14%"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        let catalog = try ContractFiles.load(paths: [file]).get()
        let preview = try ContractPreview.preview(catalog, store: store, from: nil, to: nil, today: today).preview
        try (ChangePreviewText.render(preview) + "\n").write(toFile: "\(folder)/preview.txt", atomically: true, encoding: .utf8)
        try ChangePreviewJSON.render(preview).write(toFile: "\(folder)/preview.json", atomically: true, encoding: .utf8)
        let totals = preview.totals.map { "\($0.periodNet.grouped) \($0.currency)" }.joinedInWords
        let booked = preview.bookedIn.map { " and the next run of \($0) would book \(preview.adjustments.count) adjustment lines for it" } ?? ""
        say("Previewed \(amended.contract.id) version \(next) (14% API share from 2026-10-16), not loaded: "
            + "the closed October would change by \(totals) net\(booked) (`settle preview \(file)`; \(folder)/preview.txt).")
    }
}
