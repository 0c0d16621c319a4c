import SkillHubCore
import Testing

@Suite("Tokenizer")
struct TokenizerTests {
    let tokenizer = Tokenizer()

    @Test("English: lowercased, split on anything but letters and digits, stopwords dropped")
    func english() {
        #expect(tokenizer.tokens("What is the Capital of France? Paris, 2024!") == ["capital", "france", "paris", "2024"])
        #expect(tokenizer.tokens("e-mail & co.") == ["e", "mail", "co"])
    }

    @Test("accented letters stay in their word; full-width letters become ASCII")
    func normalisation() {
        #expect(tokenizer.tokens("Café crème") == ["café", "crème"])
        #expect(tokenizer.tokens("ＳＷＩＦＴ６") == ["swift6"])
    }

    @Test("Chinese: unigrams and bigrams of each run, punctuation splits runs")
    func chinese() {
        #expect(tokenizer.tokens("机器学习") == ["机", "机器", "器", "器学", "学", "学习", "习"])
        #expect(tokenizer.tokens("你好，世界") == ["你", "你好", "好", "世", "世界", "界"])
    }

    @Test("a stopword character is dropped as a unigram but kept inside bigrams")
    func chineseStopwords() {
        #expect(tokenizer.tokens("的确") == ["的确", "确"])
    }

    @Test("mixed scripts split where the script changes")
    func mixed() {
        #expect(tokenizer.tokens("用Swift写代码") == ["用", "swift", "写", "写代", "代", "代码", "码"])
        #expect(tokenizer.tokens("カタカナ") == ["カ", "カタ", "タ", "タカ", "カ", "カナ", "ナ"])
    }

    @Test("nothing to index")
    func empty() {
        #expect(tokenizer.tokens("").isEmpty)
        #expect(tokenizer.tokens(" ,.!? the of ").isEmpty)
    }

    @Test("stopwords can be replaced")
    func customStopwords() {
        #expect(Tokenizer(stopwords: []).tokens("the cat") == ["the", "cat"])
    }
}
