// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let codesSearchZoomed = ##"""
 SwiftHealth · mimic3 · mimic3-demo · 100 patients · 129 admissions ──────────── 1 2 3 4 5 · ? help
┌─ 5 Codes · All ──────────────────────────────────────────────────────────────────────────────────┐
│/ heart fail                                                                              36 codes│
│ICD9CM   428.0  CHF NOS                                                                           │
│ICD9CM   428.32 Chr diastolic hrt fail                                                            │
│ICD9CM   428.21 Ac systolic hrt failure                                                           │
│ICD9CM   428.33 Ac on chr diast hrt fail                                                          │
│ICD9CM   398.91 Rheumatic heart failure                                                           │
│ICD9CM   428.22 Chr systolic hrt failure                                                          │
│ICD9CM   428.30 Diastolc hrt failure NOS                                                          │
│ICD9CM   428.31 Ac diastolic hrt failure                                                          │
│ICD9CM   428.43 Ac/chr syst/dia hrt fail                                                          │
│ICD9CM   402.91 Hyp ht dis NOS w ht fail                                                          │
│ICD9CM   428.23 Ac on chr syst hrt fail                                                           │
│ICD9CM   402.00 Mal hyp ht dis w/o hf                                                             │
│ICD9CM   402.01 Mal hypert hrt dis w hf                                                           │
│ICD9CM   402.10 Benign hyp ht dis w/o hf                                                          │
│ICD9CM   402.11 Benign hyp ht dis w hf                                                            │
│ICD9CM   402.90 Hyp hrt dis NOS w/o hf                                                            │
│ICD9CM   404.00 Mal hy ht/kd I-IV w/o hf                                                          │
│ICD9CM   404.01 Mal hyp ht/kd I-IV w hf                                                           │
│ICD9CM   404.02 Mal hy ht/kd st V w/o hf                                                          │
│ICD9CM   404.03 Mal hyp ht/kd stg V w hf                                                          │
│ICD9CM   404.10 Ben hy ht/kd I-IV w/o hf                                                          │
│ICD9CM 428.21: Acute systolic heart failure                                                       │
│4 rows of DIAGNOSES_ICD · 4 patients                                                              │
│MIMIC code 42821 · short title Ac systolic hrt failure                                            │
│all code systems: swifthealth medcode import --from DIR                                           │
└──────────────────────────────────────────────────────────────────────────────────────────────────┘
 / type to search codes and titles · n next result · N previous result · s → next system filter: A…
"""##
}
