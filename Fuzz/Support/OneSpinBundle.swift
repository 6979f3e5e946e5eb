import Foundation

// SwiftPM generates `Bundle.module` for OneSpin's web resources. Scripts/fuzz.sh compiles OneSpin
// by hand without a resource bundle, so this stands in for it; the handler target serves no web page.
extension Bundle {
    static var module: Bundle { Bundle.main }
}
