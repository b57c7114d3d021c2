import Testing
@testable import MedCode

// The vocabulary and expected batches are the worked examples of PyHealth's `pyhealth/tokenizer.py` docstrings
// (sunlabuiuc/PyHealth), checked by hand against the index list below.

/// ATC level-3 codes. With "<pad>" 0 and "<unk>" 1 first, A01A is 2, A03C 8, A04A 12, A08A 24 and A09A 25.
private let tokenSpace = [
    "A01A", "A02A", "A02B", "A02X", "A03A", "A03B", "A03C", "A03D", "A03E", "A03F", "A04A", "A05A", "A05B", "A05C",
    "A06A", "A07A", "A07B", "A07C", "A07D", "A07E", "A07F", "A07X", "A08A", "A09A", "A10A", "A10B", "A10X", "A11A",
    "A11B", "A11C", "A11D", "A11E", "A11G", "A11H", "A11J", "A12A", "A12B", "A12C", "A13A", "A14A", "A14B", "A16A",
]

private let tokenizer = Tokenizer(tokens: tokenSpace)

@Test func tokenizerVocabularyOrder() throws {
    #expect(tokenizer.vocabularySize == 44)
    #expect(try tokenizer.paddingIndex == 0)
    #expect(try tokenizer.tokens(at: [0, 1, 2, 3, 4, 5]) == ["<pad>", "<unk>", "A01A", "A02A", "A02B", "A02X"])

    // Repeats keep their first index, special tokens included.
    let repeated = Tokenizer(tokens: ["b", "a", "b", "<unk>"], specialTokens: ["<pad>", "<unk>", "<pad>"])
    #expect(repeated.vocabulary == ["<pad>", "<unk>", "b", "a"])
    #expect(try repeated.indices(of: ["a", "b", "<unk>"]) == [3, 2, 1])
}

@Test func tokenizerUnknownTokens() throws {
    #expect(try tokenizer.indices(of: ["A03C", "A03D", "A03E", "A03F", "A04A", "A05A", "A05B", "B035", "C129"])
        == [8, 9, 10, 11, 12, 13, 14, 1, 1])

    let strict = Tokenizer(tokens: ["a", "b"], specialTokens: [])
    #expect(throws: TokenizerError.unknownToken("z")) { try strict.indices(of: ["a", "z"]) }
    #expect(throws: TokenizerError.missingPaddingToken) { try strict.paddingIndex }
    #expect(throws: TokenizerError.unknownIndex(2, vocabularySize: 2)) { try strict.tokens(at: [0, 2]) }
    #expect(throws: TokenizerError.unknownIndex(-1, vocabularySize: 2)) { try strict.tokens(at: [-1]) }
    #expect(TokenizerError.unknownToken("z").description.contains("\"z\""))
}

@Test func tokenizerEncode2D() throws {
    let batch = [["A03C", "A03D", "A03E", "A03F"], ["A04A", "B035", "C129"]]
    #expect(try tokenizer.batchEncode2D(batch) == [[8, 9, 10, 11], [12, 1, 1, 0]])
    #expect(try tokenizer.batchEncode2D(batch, padding: false) == [[8, 9, 10, 11], [12, 1, 1]])
    // Truncation keeps the last three tokens, the most recent.
    #expect(try tokenizer.batchEncode2D(batch, maxLength: 3) == [[9, 10, 11], [12, 1, 1]])
    #expect(try tokenizer.batchEncode2D(batch, truncation: false, maxLength: 3) == [[8, 9, 10, 11], [12, 1, 1, 0]])
    #expect(try tokenizer.batchEncode2D([]) == [])
    #expect(try tokenizer.batchEncode2D([[], ["A01A"]]) == [[0], [2]])
    #expect(throws: TokenizerError.invalidMaxLength(0)) { try tokenizer.batchEncode2D(batch, maxLength: 0) }

    // Without "<pad>", equal lengths need no padding and unequal ones fail.
    let noPad = Tokenizer(tokens: ["a", "b"], specialTokens: ["<unk>"])
    #expect(try noPad.batchEncode2D([["a"], ["b"]]) == [[1], [2]])
    #expect(throws: TokenizerError.missingPaddingToken) { try noPad.batchEncode2D([["a", "b"], ["b"]]) }
}

@Test func tokenizerDecode2D() throws {
    let indices = [[8, 9, 10, 11], [12, 1, 1, 0]]
    #expect(try tokenizer.batchDecode2D(indices) == [["A03C", "A03D", "A03E", "A03F"], ["A04A", "<unk>", "<unk>"]])
    #expect(try tokenizer.batchDecode2D(indices, padding: true)
        == [["A03C", "A03D", "A03E", "A03F"], ["A04A", "<unk>", "<unk>", "<pad>"]])
    #expect(throws: TokenizerError.unknownIndex(44, vocabularySize: 44)) { try tokenizer.batchDecode2D([[44]]) }
}

private let visits3D = [
    [["A03C", "A03D", "A03E", "A03F"], ["A08A", "A09A"]],
    [["A04A", "B035", "C129"]],
]

@Test func tokenizerEncode3D() throws {
    #expect(try tokenizer.batchEncode3D(visits3D) == [[[8, 9, 10, 11], [24, 25, 0, 0]], [[12, 1, 1, 0], [0, 0, 0, 0]]])
    #expect(try tokenizer.batchEncode3D(visits3D, padding: (false, true)) == [[[8, 9, 10, 11], [24, 25, 0, 0]], [[12, 1, 1, 0]]])
    // A visit added by padding contains one "<pad>" when the codes are not padded.
    #expect(try tokenizer.batchEncode3D(visits3D, padding: (true, false)) == [[[8, 9, 10, 11], [24, 25]], [[12, 1, 1], [0]]])
    #expect(try tokenizer.batchEncode3D(visits3D, padding: (false, false)) == [[[8, 9, 10, 11], [24, 25]], [[12, 1, 1]]])
    // The last two codes of each visit: A03E A03F, A08A A09A, B035 C129.
    #expect(try tokenizer.batchEncode3D(visits3D, maxLength: (2, 2)) == [[[10, 11], [24, 25]], [[1, 1], [0, 0]]])
    // The last visit only.
    #expect(try tokenizer.batchEncode3D(visits3D, maxLength: (1, 512)) == [[[24, 25, 0]], [[12, 1, 1]]])
    #expect(try tokenizer.batchEncode3D(visits3D, truncation: (false, true), maxLength: (1, 1)) == [[[11], [25]], [[1], [0]]])
    #expect(try tokenizer.batchEncode3D([]) == [])
    #expect(throws: TokenizerError.invalidMaxLength(-1)) { try tokenizer.batchEncode3D(visits3D, maxLength: (-1, 2)) }
}

@Test func tokenizerDecode3D() throws {
    let indices = [[[8, 9, 10, 11], [24, 25, 0, 0]], [[12, 1, 1, 0], [0, 0, 0, 0]]]
    // The all-padding visit disappears without padding.
    #expect(try tokenizer.batchDecode3D(indices)
        == [[["A03C", "A03D", "A03E", "A03F"], ["A08A", "A09A"]], [["A04A", "<unk>", "<unk>"]]])
    #expect(try tokenizer.batchDecode3D(indices, padding: true) == [
        [["A03C", "A03D", "A03E", "A03F"], ["A08A", "A09A", "<pad>", "<pad>"]],
        [["A04A", "<unk>", "<unk>", "<pad>"], ["<pad>", "<pad>", "<pad>", "<pad>"]],
    ])
}

@Test func tokenizerRoundTrip() throws {
    let encoded = try tokenizer.batchEncode3D(visits3D)
    let decoded = try tokenizer.batchDecode3D(encoded)
    #expect(decoded == [[["A03C", "A03D", "A03E", "A03F"], ["A08A", "A09A"]], [["A04A", "<unk>", "<unk>"]]])
}
