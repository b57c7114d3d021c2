extension MedCodeStore {
    /// Reads the type-ahead index over every imported system from the store.
    /// - Throws: `MedCodeError.invalidTable` when the store has no index or it is damaged.
    public func searchIndex() throws -> CodeSearchIndex {
        var reader = try storeFile(MedCodeImporter.searchFileName)
        return try CodeSearchIndex(reading: &reader)
    }
}
