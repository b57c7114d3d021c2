import Foundation
import Testing
import MedCode
import TestSupport
@testable import SwiftHealthCLI

/// `swifthealth medcode` over a store imported once from the official files. Expected values were read from
/// the files with zcat and grep. They come from CMS32_DESC_LONG_DX/SHORT_DX for 428.0 and from the 2018 CMS GEMs,
/// where 4280 maps to I50814 and I509 (both flagged approximate) and V700 to Z0000. In the HCUP 2015
/// single-level file 4280 is CCS 108, and in the HCUP 2019.1 ICD-10-CM file I509 is CCS 108 and multi-level 7.2.
/// The others come from the ATC names file, the FDA April 2019 NDC package file (0002-0800-01) and the GSN file,
/// where NDC 24208036067 is C01AA05.
@Suite(.serialized, .enabled(if: TestData.isAvailable("medcode")))
struct MedCodeCommandTests {
    /// One import for the whole suite, because it reads every official file.
    static let cache: Result<URL, Error> = Result {
        let folder = try TestData.temporaryFolder("swifthealth-medcode-cli")
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(
            ["medcode", "import", "--from", try TestData.require("medcode").path, "--cache-dir", folder.path], console: captured.console)
        guard status == 0 else { throw CommandError.runtime("import failed with status \(status): \(captured.error)") }
        return folder
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let cache = try Self.cache.get()
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(["medcode"] + arguments + ["--cache-dir", cache.path], console: captured.console)
        return (status, captured.output, captured.error)
    }

    private func json(_ arguments: [String]) throws -> [String: Any] {
        let result = try run(arguments + ["--json", "-"])
        #expect(result.status == 0, "\(result.error)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test func lookupWithoutDot() throws {
        let result = try run(["lookup", "icd9cm", "4280"])
        #expect(result.status == 0)
        #expect(result.output.contains("ICD9CM 428.0  Congestive heart failure, unspecified"))
        #expect(result.output.contains("CHF NOS"))

        let object = try json(["lookup", "ICD9CM", "428.0"])
        #expect(object["code"] as? String == "428.0")
        #expect(object["parent"] as? String == "428")
    }

    @Test func ancestorsClosestFirst() throws {
        let object = try json(["ancestors", "ICD9CM", "428.0"])
        let codes = (object["ancestors"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["428", "420-429", "390-459"])
    }

    @Test func descendantsOfCategory() throws {
        let object = try json(["descendants", "ICD9CM", "428"])
        let codes = (object["descendants"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
        #expect(codes.first == "428.0")
        #expect(codes.contains("428.21"))
        #expect(codes.contains("428.9"))
    }

    @Test func gemMapKeepsEveryTargetAndFlag() throws {
        let object = try json(["map", "ICD9CM", "ICD10CM", "4280"])
        #expect(object["status"] as? String == "mapped")
        let targets = object["targets"] as? [[String: Any]] ?? []
        #expect(targets.compactMap { $0["code"] as? String } == ["I50.814", "I50.9"])
        let flags = targets.first?["flags"] as? [String: Any]
        #expect(flags?["approximate"] as? Bool == true)
        #expect(flags?["no_map"] as? Bool == false)

        let text = try run(["map", "ICD9CM", "ICD10CM", "428.0"])
        #expect(text.output.contains("I50.9  Heart failure, unspecified  [approximate]"))
    }

    @Test func ccsMapsFromBothRevisions() throws {
        let fromICD9 = try json(["map", "ICD9CM", "CCSCM", "428.0"])
        #expect((fromICD9["targets"] as? [[String: Any]])?.first?["code"] as? String == "108")
        let fromICD10 = try json(["map", "ICD10CM", "CCSCM", "I50.9"])
        #expect((fromICD10["targets"] as? [[String: Any]])?.first?["code"] as? String == "108")
        let level2 = try json(["map", "ICD10CM", "CCSCM", "I509", "--level", "2"])
        #expect((level2["targets"] as? [[String: Any]])?.first?["code"] as? String == "7.2")
    }

    @Test func unknownCodeIsNotNoMapping() throws {
        let unknown = try run(["map", "ICD9CM", "ICD10CM", "428.7"])
        #expect(unknown.status == 1)
        #expect(unknown.error.contains("unknown ICD9CM code \"428.7\""))

        let invalid = try run(["lookup", "ICD9CM", "heart"])
        #expect(invalid.status == 2)
        #expect(invalid.error.contains("invalid ICD9CM code \"heart\""))
    }

    @Test func atcLookupAndHierarchy() throws {
        let result = try run(["lookup", "atc", "N02BE01"])
        #expect(result.status == 0)
        #expect(result.output.contains("ATC N02BE01  paracetamol"))
        let object = try json(["ancestors", "ATC", "N02BE01"])
        let codes = (object["ancestors"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
        #expect(codes == ["N02BE", "N02B", "N02", "N"])
    }

    @Test func searchAcrossSystems() throws {
        let object = try json(["search", "heart failure", "--limit", "5"])
        let hits = object["hits"] as? [[String: Any]] ?? []
        let systems = Set(hits.compactMap { $0["system"] as? String })
        #expect(systems.contains("ICD9CM"))
        #expect(systems.contains("ICD10CM"))
        #expect(hits.first?["name_matches"] as? [[Int]] != nil)

        let byCode = try json(["search", "4280", "--system", "ICD9CM"])
        let first = (byCode["hits"] as? [[String: Any]])?.first
        #expect(first?["code"] as? String == "428.0")
        #expect(first?["code_match"] as? [Int] == [0, 5])

        let plain = try run(["search", "congestive heart", "--system", "icd9cm", "--limit", "3"])
        #expect(plain.output.contains("428.0"))
        #expect(!plain.output.contains("\u{1B}["))
    }

    @Test func systemsListsImports() throws {
        let result = try run(["systems"])
        #expect(result.status == 0)
        #expect(result.output.contains("ICD10CM"))
        #expect(result.output.contains("map ICD9CM -> ICD10CM"))
    }

    @Test func ndcFormsResolveToOnePackage() throws {
        for form in ["0002-0800-01", "00002-0800-01", "00002080001"] {
            let object = try json(["lookup", "NDC", form])
            #expect(object["code"] as? String == "00002080001", "\(form)")
            #expect(object["parent"] as? String == "00002-0800", "\(form)")
        }
        let placeholder = try run(["lookup", "NDC", "0"])
        #expect(placeholder.status == 2)
        #expect(placeholder.error.contains("an all-zero NDC is a placeholder for a missing code"))
    }

    @Test func ndcToATCAtLevel() throws {
        let object = try json(["map", "NDC", "ATC", "24208036067", "--level", "4"])
        let targets = object["targets"] as? [[String: Any]] ?? []
        #expect(targets.compactMap { $0["code"] as? String } == ["C01AA"])
        #expect(targets.first?["name"] as? String == "digitalis glycosides")
    }

    @Test func importReportsSkippedRows() throws {
        let object = try json(["import", "--from", try TestData.require("medcode").path])
        #expect(object["up_to_date"] as? Bool == true)
        let skipped = object["skipped_rows"] as? [[String: Any]] ?? []
        let ndcRepeats = skipped.first { ($0["file"] as? String) == "ndc/fda_ndc_product_2019-04.txt.gz" }
        #expect(ndcRepeats?["count"] as? Int == 1_671)
    }

    @Test(.enabled(if: TestData.isAvailable("ddi-smiles"))) func storeKeepsInteractionGraphs() throws {
        let store = try MedCodeStore(directory: MedCodeStore.defaultDirectory(cacheBase: try Self.cache.get()))
        let safeDrug = try store.drugInteractions(.safeDrugATC3)
        #expect(safeDrug.codes.count == 112)
        #expect(safeDrug.pairCount == 337)
        #expect(try store.drugInteractions(.twosidesTop40(level: 4)).pairCount == 750)
    }

    @Test func eAndVCodesDifferByRevision() throws {
        // ICD-9-CM E codes are external causes with the dot after 4 characters; ICD-10-CM E codes are endocrine
        // diagnoses with the dot after 3. V codes are supplementary factors in ICD-9-CM and transport accidents
        // in ICD-10-CM.
        #expect(try json(["lookup", "ICD9CM", "E8497"])["name"] as? String == "Accidents occurring in residential institution")
        #expect(try json(["lookup", "ICD10CM", "E119"])["name"] as? String == "Type 2 diabetes mellitus without complications")
        #expect(try json(["lookup", "ICD9CM", "V700"])["code"] as? String == "V70.0")
        #expect(try json(["lookup", "ICD10CM", "V70"])["name"] as? String == "Bus occupant injured in collision with pedestrian or animal")

        let notICD10 = try run(["lookup", "ICD10CM", "E8497"])
        #expect(notICD10.status == 1)
        #expect(notICD10.error.contains("unknown ICD10CM code"))
    }

    /// The library example of the README, run against the suite's store.
    @Test(.enabled(if: TestData.isAvailable("ddi-smiles"))) func readmeLibraryExample() throws {
        let cacheFolder = try Self.cache.get()

        let store = try MedCodeStore(directory: MedCodeStore.defaultDirectory(cacheBase: cacheFolder))
        let info = try store.lookup("4280", in: .icd9cm)                        // 428.0 "Congestive heart failure, unspecified"
        let chain = try store.ancestors(of: "428.0", in: .icd9cm).map(\.code)   // ["428", "420-429", "390-459"]
        let icd10 = try store.map("428.0", from: .icd9cm, to: .icd10cm)         // I50.814 and I50.9, both approximate
        let atc3 = try store.map("24208036067", from: .ndc, to: .atc, level: 3) // C01A
        let hits = try store.searchIndex().search("heart fail", system: .icd10cm, limit: 10)
        let interactions = try store.drugInteractions(.safeDrugATC3)           // 112 ATC-3 codes, 337 pairs

        #expect(info.name == "Congestive heart failure, unspecified")
        #expect(chain == ["428", "420-429", "390-459"])
        let approximate = GEMFlags(approximate: true, noMap: false, combination: false, scenario: 0, choiceList: 0)
        #expect(icd10 == .mapped([MapTarget(code: "I50.814", flags: approximate), MapTarget(code: "I50.9", flags: approximate)]))
        #expect(atc3 == .mapped([MapTarget(code: "C01A")]))
        #expect(hits.first?.code == "I50")
        #expect(interactions.pairCount == 337)
    }

    @Test func levelsAreCheckedPerTarget() throws {
        let tooDeep = try run(["map", "ICD9CM", "CCSCM_MULTI", "4280", "--level", "5"])
        #expect(tooDeep.status == 2)
        #expect(tooDeep.error.contains("CCSCM_MULTI has levels 1 to 4, not 5"))

        // The ICD-10 CCS tool stops at level 2, so a level-3 request keeps 7.2 and reports its level.
        let shallow = try run(["map", "ICD10CM", "CCSCM", "I50.9", "--level", "3"])
        #expect(shallow.status == 0)
        #expect(shallow.output.contains("7.2  Diseases of the heart  [level 2: the map goes no deeper for this code]"))
        let object = try json(["map", "ICD10CM", "CCSCM", "I50.9", "--level", "3"])
        #expect((object["targets"] as? [[String: Any]])?.first?["level"] as? Int == 2)

        let notLeveled = try run(["map", "ICD9CM", "ICD10CM", "4280", "--level", "2"])
        #expect(notLeveled.status == 2)
    }

    @Test func badQueryAndOutputPaths() throws {
        let empty = try run(["search", "   "])
        #expect(empty.status == 2)
        #expect(empty.error.contains("'medcode search' needs a query"))

        let folder = try run(["lookup", "ICD9CM", "4280", "--json", FileManager.default.temporaryDirectory.path])
        #expect(folder.status == 2)
        #expect(folder.error.contains("is a folder; pass a file path to --json"))
    }

    @Test func jsonFollowsLinks() throws {
        let folder = try TestData.temporaryFolder("swifthealth-medcode-json")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("result.json")
        let link = folder.appendingPathComponent("link.json")
        try Data("old".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)

        #expect(try run(["lookup", "ICD9CM", "4280", "--json", link.path]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(try String(contentsOf: target, encoding: .utf8).contains("\"428.0\""))
    }

    @Test func cacheDirMustBeFolder() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swifthealth-not-a-folder-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(["medcode", "systems", "--cache-dir", file.path], console: captured.console)
        #expect(status == 2)
        #expect(captured.error.contains("is a file; --cache-dir takes a folder"))
    }

    @Test func unknownSystemSuggests() throws {
        let result = try run(["lookup", "icd9c", "4280"])
        #expect(result.status == 2)
        #expect(result.error.contains("did you mean 'ICD9CM'?"))
    }

    @Test func secondImportReusesStore() throws {
        let result = try run(["import", "--from", try TestData.require("medcode").path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("code store is up to date"))
    }

    @Test func missingStoreSaysHowToImport() throws {
        let empty = try TestData.temporaryFolder("swifthealth-medcode-empty")
        defer { try? FileManager.default.removeItem(at: empty) }
        let captured = CapturedConsole()
        let status = SwiftHealthCommand.run(["medcode", "lookup", "ICD9CM", "4280", "--cache-dir", empty.path], console: captured.console)
        #expect(status == 1)
        #expect(captured.error.contains("swifthealth medcode import --from DIR"))
    }
}
