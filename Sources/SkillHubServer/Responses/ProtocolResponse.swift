/// The success envelope of the Ooder v0.6 spec routes: `{code, message, data}`.
struct ProtocolResponse<Payload: Encodable>: Encodable {
    var code = 200
    var message = "success"
    var data: Payload
}
