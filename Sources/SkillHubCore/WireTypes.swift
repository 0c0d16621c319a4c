/// The wire types — `JSONValue` and its parser, writer and coders, the host's HTTP messages,
/// lowercase hex and UUID text — live in `SkillHubWire`, the small module plugins build on
/// (through SkillKit) without the server's core. Everything built on `SkillHubCore` uses them,
/// so the core re-exports them.
@_exported public import SkillHubWire
