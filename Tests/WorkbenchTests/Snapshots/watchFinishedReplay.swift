// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let watchFinishedReplay = ##"""
 SwiftHealth watch · runs/retain-los · retain · length_of_stay ───────────────────────────── replay
┌─ Training · retain · epoch 3/3 ──────────────────────────────────────────────────────────────────┐
│model retain  epochs 3  batch 32  lr 0.001  monitor accuracy                                      │
│batch loss  ⠉⠉⠉⠉⠉⠉⠉⠑⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠢⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀⣀ 1.6500       │
│val accuracy⣀⣀⣀⣀⣀⣀⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠒⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉ 0.375        │
│████████████████████████████████████████████████████████████████████████████ 100%                 │
│epoch   train loss  val loss  accuracy  f1_macro                                                  │
│1           2.2000    1.9000    0.2500    0.1000                                                  │
│2           1.8500    1.8000    0.3750    0.2000  ★ best                                          │
│3           1.6750    1.7000    0.3750    0.3000                                                  │
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
