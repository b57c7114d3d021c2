import MedCode

extension MedCodeStore {
    /// Reads the store's type-ahead index from `search.bin`.
    /// - Throws: the store's error when the file is missing or damaged.
    func searchIndex() throws -> CodeSearchIndex {
        var reader = try storeFile("search.bin")
        return try CodeSearchIndex(reading: &reader)
    }
}
