/// A number as people write it in messages and settings: `3`, not `3.0`; `2.5` stays.
enum NumberText {
    static func describe(_ number: Double) -> String {
        if let whole = Int(exactly: number) { String(whole) } else { String(number) }
    }
}
