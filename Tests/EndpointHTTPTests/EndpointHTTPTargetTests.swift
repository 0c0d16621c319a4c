import EndpointHTTP
import Testing

@Suite("EndpointHTTPTarget parsing")
struct EndpointHTTPTargetTests {
    @Test func hostWithPortPathAndQuery() throws {
        let target = try #require(EndpointHTTPTarget(url: "http://skills.internal:8080/v1/invoke?tenant=a&x=1"))
        #expect(target.host == "skills.internal")
        #expect(target.port == 8080)
        #expect(target.requestTarget == "/v1/invoke?tenant=a&x=1")
        #expect(target.hostHeader == "skills.internal:8080")
    }

    @Test func defaultsToPort80AndRootPath() throws {
        let target = try #require(EndpointHTTPTarget(url: "http://10.0.0.7"))
        #expect(target.host == "10.0.0.7")
        #expect(target.port == 80)
        #expect(target.requestTarget == "/")
        #expect(target.hostHeader == "10.0.0.7")
    }

    @Test func schemeAndHostAreCaseInsensitive() throws {
        let target = try #require(EndpointHTTPTarget(url: "HTTP://Example.COM/Path"))
        #expect(target.host == "example.com")
        #expect(target.requestTarget == "/Path")
    }

    @Test func queryWithoutPathGetsRootPath() throws {
        let target = try #require(EndpointHTTPTarget(url: "http://host:81?q=1"))
        #expect(target.requestTarget == "/?q=1")
        #expect(target.port == 81)
    }

    @Test func fragmentIsDropped() throws {
        let target = try #require(EndpointHTTPTarget(url: "http://host/a?b=c#frag"))
        #expect(target.requestTarget == "/a?b=c")
    }

    @Test func bracketedIPv6() throws {
        let withPort = try #require(EndpointHTTPTarget(url: "http://[::1]:8080/invoke"))
        #expect(withPort.host == "::1")
        #expect(withPort.port == 8080)
        #expect(withPort.hostHeader == "[::1]:8080")
        #expect(withPort.requestTarget == "/invoke")
        let withoutPort = try #require(EndpointHTTPTarget(url: "http://[2001:DB8::a]"))
        #expect(withoutPort.host == "2001:db8::a")
        #expect(withoutPort.port == 80)
        #expect(withoutPort.hostHeader == "[2001:db8::a]")
    }

    @Test(arguments: [
        "https://host/path",
        "ftp://host/",
        "host:8080/path",
        "http://",
        "http:///path",
        "http://:8080/path",
        "http://host:/path",
        "http://host:0/",
        "http://host:65536/",
        "http://host:99999999/",
        "http://host:8o/",
        "http://host:-1/",
        "http://user:pass@host/",
        "http://[::1/",
        "http://[::1]x/",
        "http://[]/",
        "http://[fe80::1%25eth0]/",
        "http://::1/",
        "http://ho st/",
        "http://host/pa th",
        "http://host/\u{e9}",
        "",
    ])
    func rejects(url: String) {
        let target = EndpointHTTPTarget(url: url)
        #expect(target == nil, "accepted \(url)")
    }
}
