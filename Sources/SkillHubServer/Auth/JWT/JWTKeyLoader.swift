import Foundation
import JWTKit
import SkillHubCore

/// Builds the keys the token service signs and verifies with, each bound to
/// one algorithm so that a token can never pick a different one (no HS/RS
/// confusion): the shared secrets for HMAC, the signing key pair's private
/// key, and more public keys from PEM files.
enum JWTKeyLoader {
    struct Keys {
        var collection: JWTKeyCollection
        /// Key id → the one algorithm that key verifies.
        var algorithms: [String: TokenAlgorithm]
    }

    static func load(_ security: SkillHubConfiguration.Security) async throws -> Keys {
        let collection = JWTKeyCollection()
        var algorithms: [String: TokenAlgorithm] = [:]
        let allowed = security.algorithms.compactMap(TokenAlgorithm.init(rawValue:))
        let signing = security.signingAlgorithm

        if let hmac = signing.family == .hmac ? signing : allowed.first(where: { $0.family == .hmac }) {
            var secrets = security.previousJWTSecrets
            if signing.family == .hmac { secrets[security.jwtKeyID] = security.jwtSecret }
            for (kid, secret) in secrets {
                await collection.add(hmac: HMACKey(from: secret), digestAlgorithm: digest(hmac), kid: JWKIdentifier(string: kid))
                algorithms[kid] = hmac
            }
        }
        if signing.family != .hmac, let path = security.jwtPrivateKeyFile {
            let pem = try read(path, variable: "SECURITY_JWT_PRIVATE_KEY_FILE")
            do {
                try await addPrivateKey(pem, algorithm: signing, kid: security.jwtKeyID, to: collection)
            } catch {
                throw JWTKeyLoadingError(description: "SECURITY_JWT_PRIVATE_KEY_FILE: \(path) is not a PEM private key for \(signing.rawValue)")
            }
            algorithms[security.jwtKeyID] = signing
        }
        for (kid, path) in security.jwtPublicKeyFiles.sorted(by: { $0.key < $1.key }) {
            guard algorithms[kid] == nil else {
                throw JWTKeyLoadingError(description: "SECURITY_JWT_PUBLIC_KEY_FILES: key id '\(kid)' is already in use")
            }
            let pem = try read(path, variable: "SECURITY_JWT_PUBLIC_KEY_FILES")
            var bound: TokenAlgorithm?
            for algorithm in allowed where algorithm.family != .hmac {
                if (try? await addPublicKey(pem, algorithm: algorithm, kid: kid, to: collection)) != nil {
                    bound = algorithm
                    break
                }
            }
            guard let bound else {
                let names = allowed.filter { $0.family != .hmac }.map(\.rawValue)
                throw JWTKeyLoadingError(description: "SECURITY_JWT_PUBLIC_KEY_FILES: \(path) is not a PEM public key for any allowed key-pair algorithm (\(names.isEmpty ? "none allowed" : names.joined(separator: ", ")))")
            }
            algorithms[kid] = bound
        }
        return Keys(collection: collection, algorithms: algorithms)
    }

    private static func read(_ path: String, variable: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw JWTKeyLoadingError(description: "\(variable): cannot read \(path)")
        }
    }

    private static func digest(_ algorithm: TokenAlgorithm) -> DigestAlgorithm {
        switch algorithm {
        case .hs384, .rs384, .es384: .sha384
        case .hs512, .rs512, .es512: .sha512
        default: .sha256
        }
    }

    private static func addPrivateKey(_ pem: String, algorithm: TokenAlgorithm, kid: String, to collection: JWTKeyCollection) async throws {
        let kid = JWKIdentifier(string: kid)
        switch algorithm {
        case .rs256, .rs384, .rs512: await collection.add(rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: digest(algorithm), kid: kid)
        case .es256: await collection.add(ecdsa: try ES256PrivateKey(pem: pem), kid: kid)
        case .es384: await collection.add(ecdsa: try ES384PrivateKey(pem: pem), kid: kid)
        case .es512: await collection.add(ecdsa: try ES512PrivateKey(pem: pem), kid: kid)
        case .eddsa: await collection.add(eddsa: try EdDSA.PrivateKey(pem: pem), kid: kid)
        case .hs256, .hs384, .hs512: throw JWTKeyLoadingError(description: "HMAC uses a shared secret")
        }
    }

    private static func addPublicKey(_ pem: String, algorithm: TokenAlgorithm, kid: String, to collection: JWTKeyCollection) async throws {
        let kid = JWKIdentifier(string: kid)
        switch algorithm {
        case .rs256, .rs384, .rs512: await collection.add(rsa: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: digest(algorithm), kid: kid)
        case .es256: await collection.add(ecdsa: try ES256PublicKey(pem: pem), kid: kid)
        case .es384: await collection.add(ecdsa: try ES384PublicKey(pem: pem), kid: kid)
        case .es512: await collection.add(ecdsa: try ES512PublicKey(pem: pem), kid: kid)
        case .eddsa: await collection.add(eddsa: try EdDSA.PublicKey(pem: pem), kid: kid)
        case .hs256, .hs384, .hs512: throw JWTKeyLoadingError(description: "HMAC uses a shared secret")
        }
    }
}

/// A configured JWT key that cannot be used, with the reason (reported at start-up).
public struct JWTKeyLoadingError: Error, CustomStringConvertible {
    public var description: String
}
