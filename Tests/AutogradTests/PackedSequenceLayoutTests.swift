import Autograd
import Testing

@Suite("Packed sequence layout")
struct PackedSequenceLayoutTests {
    // Rows of lengths 2, 3, 0 and 3 over 3 steps. By length, longest first with ties in batch order, the
    // ranks are rows 1, 3, 0, 2. Steps 0 and 1 run rows 1, 3 and 0; step 2 runs rows 1 and 3.
    let layout = PackedSequenceLayout(lengths: [2, 3, 0, 3], time: 3)

    @Test func ranksAndBatchSizes() {
        #expect(layout.order == [1, 3, 0, 2])
        #expect(layout.batchSizes == [3, 3, 2])
        #expect(layout.offsets == [0, 3, 6, 8])
        #expect(layout.count == 8)
    }

    @Test func paddedIndicesForward() {
        // Position offsets[t] + rank contains step t of row order[rank], flat index row · 3 + t.
        #expect(layout.paddedIndices() == [3, 9, 0, 4, 10, 1, 5, 11])
    }

    @Test func paddedIndicesReversed() {
        // Packed step t of a row of length L reads padded step L-1-t.
        #expect(layout.paddedIndices(reversed: true) == [5, 11, 1, 4, 10, 0, 3, 9])
    }

    @Test func packedIndicesInvert() {
        #expect(layout.packedIndices() == [2, 5, -1, 0, 3, 6, -1, -1, -1, 1, 4, 7])
    }

    @Test func lastStepPositions() {
        // Row 0 ends at step 1 (rank 2), rows 1 and 3 at step 2, and row 2 is empty.
        #expect(layout.lastStepPositions() == [5, 6, -1, 7])
    }

    @Test func packedStepsValues() {
        let input = Tensor(shape: [2, 2, 1], scalars: [1, 2, 3, 0])
        let short = PackedSequenceLayout(lengths: [2, 1], time: 2)
        // Step 0 of rows 0 and 1, then step 1 of row 0.
        #expect(input.packedSteps(short).scalars == [1, 3, 2])
        #expect(input.packedSteps(short, reversed: true).scalars == [2, 3, 1])
        #expect(input.packedSteps(short).paddedSteps(short).scalars == [1, 2, 3, 0])
    }

    @Test func sumPackedStepsValues() {
        // Packed rows [1, 3, 2] from lengths [2, 1, 0]: row 0 sums positions 0 and 2, row 1 is position 1,
        // and the empty row 2 is zero.
        let short = PackedSequenceLayout(lengths: [2, 1, 0], time: 2)
        let packed = Tensor(shape: [3, 1], scalars: [1, 3, 2])
        #expect(packed.sumPackedSteps(short).scalars == [3, 3, 0])
    }
}
