// Recorded by the snapshot tests with SWIFTHEALTH_RECORD_SNAPSHOTS=1; review the screen before committing.
extension Snapshots {
    static let tooSmall = ##"""








                     Terminal too small
                60×20, needs at least 80×24
           Enlarge the window or press q to quit









"""##
}
