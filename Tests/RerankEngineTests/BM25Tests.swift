import RerankEngine
import Testing

@Suite("BM25")
struct BM25Tests {
    @Test("a score computed by hand")
    func handChecked() {
        // N = 3 documents of lengths 2, 1, 1 → avgdl = 4/3; "banana" is in 1 of them
        // idf = ln(1 + (3 − 1 + 0.5) / (1 + 0.5)) = ln(8/3) = 0.9808292530117263
        // doc 0: tf = 1, norm = 1 − 0.75 + 0.75 · 2 / (4/3) = 1.375
        //        score = idf · 1 · 2.2 / (1 + 1.2 · 1.375) = idf · 2.2 / 2.65 = 0.8142733421229427
        let scores = BM25Scorer().scores(query: "banana", documents: ["apple banana", "apple", "cherry"])
        #expect(abs(scores[0] - 0.8142733421229427) < 1e-12)
        #expect(scores[1] == 0)
        #expect(scores[2] == 0)
    }

    @Test("a repeated query term counts once")
    func repeatedQueryTerm() {
        let documents = ["apple banana", "apple", "cherry"]
        #expect(BM25Scorer().scores(query: "banana banana", documents: documents) == BM25Scorer().scores(query: "banana", documents: documents))
    }

    @Test("English: the labelled relevant document comes first")
    func english() {
        let documents = [
            "Carson City is the capital city of the American state of Nevada.",
            "The Commonwealth of the Northern Mariana Islands is a group of islands in the Pacific Ocean. Its capital is Saipan.",
            "Washington, D.C. is the capital of the United States.",
            "Capital punishment has existed in the United States since before it was a country.",
        ]
        let scores = BM25Scorer().scores(query: "What is the capital of the United States?", documents: documents)
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        #expect(order.first == 2)
        #expect(order[1] == 3)
    }

    @Test("Chinese: the labelled relevant document comes first, an unrelated one scores 0")
    func chinese() {
        let documents = [
            "今天天气很好，我们去公园散步。",
            "深度学习在图像识别中的应用。",
            "机器学习是人工智能的一个分支，应用广泛。",
            "学习做饭需要耐心。",
        ]
        let scores = BM25Scorer().scores(query: "机器学习的应用", documents: documents)
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        #expect(order.first == 2)
        #expect(scores[1] > scores[3])
        #expect(scores[0] == 0)
    }

    @Test("b = 0 ignores length; k1 = 0 ignores term frequency")
    func parameters() {
        let documents = ["fox", "fox fox dog dog dog dog"]
        let flat = BM25Scorer(k1: 0, b: 0).scores(query: "fox", documents: documents)
        #expect(flat[0] == flat[1])
        let lengthBlind = BM25Scorer(b: 0).scores(query: "fox", documents: documents)
        #expect(lengthBlind[1] > lengthBlind[0])
        let lengthAware = BM25Scorer().scores(query: "fox", documents: documents)
        #expect(lengthAware[0] > lengthAware[1])
    }
}
