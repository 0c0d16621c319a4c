/// Text being chunked: its characters, each with its offset in the extracted text, so that chunks
/// cut from cleaned text still point into the original.
struct CleanedText {
    var characters: [Character]
    /// `origins[i]` is the offset in the extracted text of `characters[i]`.
    var origins: [Int]

    init(_ text: String) {
        characters = Array(text)
        origins = Array(characters.indices)
    }

    init(characters: [Character], origins: [Int]) {
        self.characters = characters
        self.origins = origins
    }

    var count: Int { characters.count }

    /// Keeps the characters at the indices where `keep` is true.
    func filtered(_ keep: [Bool]) -> CleanedText {
        var characters: [Character] = []
        var origins: [Int] = []
        characters.reserveCapacity(self.characters.count)
        origins.reserveCapacity(self.characters.count)
        for index in self.characters.indices where keep[index] {
            characters.append(self.characters[index])
            origins.append(self.origins[index])
        }
        return CleanedText(characters: characters, origins: origins)
    }
}
