// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let watchFinishedReplay = ##"""
 SwiftHealth watch · runs/retain-los · retain · length_of_stay ───────────────────────────── replay
┌─ Training · retain · epoch 3/3 ──────────────────────────────────────────────────────────────────┐
│model retain  epochs 3  batch 32  lr 0.001  monitor accuracy                                      │
│loss        ⠉⠉⠉⠉⠉⠉⠉⠑⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠢⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀ 1.6500       │
│val accuracy⣀⣀⣀⣀⣀⣀⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉ 0.375        │
│████████████████████████████████████████████████████████████████████████████ 100%                 │
│epoch      loss  accuracy  f1_macro      loss                                                     │
│1        2.2000    0.2500    0.1000    1.9000                                                     │
│2        1.8500    0.3750    0.2000    1.8000  ★ best                                             │
│3        1.6750    0.3750    0.3000    1.7000                                                     │
│test  accuracy 0.3333  loss 1.9000                                                                │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
└──────────────────────────────────────────────────────────────────────────────────────────────────┘
 q quits
"""##
}
