import Foundation

// SwiftPM generates `Bundle.module` for SlotMath's resources. Scripts/fuzz.sh compiles SlotMath by
// hand without a resource bundle, so this stands in for it; the fuzz targets never load bundled games.
extension Bundle {
    static var module: Bundle { Bundle.main }
}
