import Testing

@testable import SkillHubServer

@Suite("Reading Authorization: Bearer")
struct BearerCredentialTests {
    @Test func aJWTShapedCredentialIsAToken() {
        #expect(BearerCredential("Bearer a.b.c") == .token("a.b.c"))
        #expect(BearerCredential("bearer \t a.b.c  ") == .token("a.b.c"))
        #expect(BearerCredential("BEARER a..") == .token("a.."))
    }

    @Test func anythingElseIsAnAPIKey() {
        #expect(BearerCredential("Bearer shk_0123") == .apiKey("shk_0123"))
        #expect(BearerCredential("Bearer a.b") == .apiKey("a.b"))
        #expect(BearerCredential("Bearer a.b.c.d") == .apiKey("a.b.c.d"))
        #expect(BearerCredential("Bearer 密钥") == .apiKey("密钥"))
    }

    @Test func otherSchemesAndEmptyCredentialsAreNotBearerCredentials() {
        #expect(BearerCredential("Basic dXNlcjpwYXNz") == nil)
        #expect(BearerCredential("Bearer") == nil)
        #expect(BearerCredential("Bearer    ") == nil)
        #expect(BearerCredential("Bearerx a.b.c") == nil)
        #expect(BearerCredential("") == nil)
    }
}
