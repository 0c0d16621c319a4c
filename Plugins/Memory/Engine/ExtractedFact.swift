/// A fact worth remembering, as extraction found it.
public struct ExtractedFact: Sendable, Hashable {
    public var text: String
    public var type: MemoryType

    public init(text: String, type: MemoryType) {
        self.text = text
        self.type = type
    }
}

/// The kinds of memory extraction tells apart.
public enum MemoryType: String, Sendable, CaseIterable {
    /// Likes, dislikes, wishes ("prefers tea").
    case preference
    /// Who the user is: name, age, job, health, family ("is allergic to peanuts").
    case profile
    /// People, places, things the user deals with ("has a dog named Max").
    case entity
    /// Things that happened or will, with their time ("moves to Berlin in May").
    case event
    /// Anything else worth keeping.
    case fact
}
