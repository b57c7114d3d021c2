// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let storeCodesZoomed = ##"""
 SwiftHealth · mimic3 · fixture · 100 patients · 129 admissions ──────────────── 1 2 3 4 5 · ? help
┌─ 5 Codes · All ──────────────────────────────────────────────────────────────────────────────────┐
│/ heart fail                                                                               5 codes│
│ICD9CM   428     Heart failure                                                                    │
│ICD9CM   428.1   Left heart failure                                                               │
│ICD10CM  I50.9   Heart failure, unspecified                                                       │
│ICD9CM   428.0   Congestive heart failure, unspecified                                            │
│ICD10CM  I50.814 Right heart failure due to left heart failure                                    │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│ICD9CM 428.0  Congestive heart failure, unspecified                                               │
│390-459 Diseases Of The Circulatory System                                                        │
│└ 420-429 Other Forms Of Heart Disease                                                            │
│  └ 428 Heart failure                                                                             │
│    └ 428.0 · no children                                                                         │
│→ ICD10CM I50.814 Right heart failure due to left heart failure · approximate                     │
│          I50.9 Heart failure, unspecified · approximate                                          │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
│                                                                                                  │
└──────────────────────────────────────────────────────────────────────────────────────────────────┘
 / type to search codes and titles · n next result · N previous result · s → next system filter: A…
"""##
}
