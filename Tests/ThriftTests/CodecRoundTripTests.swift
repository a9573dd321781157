import Testing
import ThriftCodec

@Suite struct CodecRoundTripTests {
    func roundTrip<T: ThriftStruct & Equatable>(_ value: T) throws -> T {
        try T(serialized: value.serialized())
    }

    @Test func everyPresetStructRoundTrips() throws {
        let message = Message(type: 35, body: [0xff, 0x00, 0x80], host: "pc-01")
        #expect(try roundTrip(message) == message)
        let noHost = Message(version: 0, type: 1)
        #expect(try roundTrip(noHost) == noHost)
        let result = ResultStruct(code: 10401, message: [0xc3, 0x28, 0xff])
        #expect(try roundTrip(result) == result)
        #expect(try roundTrip(HostInfo(hostName: "pc01", ipAddress: "10.0.0.5")) == HostInfo(hostName: "pc01", ipAddress: "10.0.0.5"))
        #expect(try roundTrip(UserList(users: ["admin", "guest", "ü"])) == UserList(users: ["admin", "guest", "ü"]))
        #expect(try roundTrip(UserList(users: [])) == UserList(users: []))
        #expect(try roundTrip(UserPassword(userName: "admin", password: "s3cret")) == UserPassword(userName: "admin", password: "s3cret"))
        #expect(try roundTrip(BootMenuList(menus: ["win10", "ubuntu"])) == BootMenuList(menus: ["win10", "ubuntu"]))
        #expect(try roundTrip(BootMenu(menu: "win10", superTube: false)) == BootMenu(menu: "win10", superTube: false))
        let info = SmyooDeviceInfo(mcuname: "pc01", note: "desk 3", isonline: 1, power: -1, mcuid: "12")
        #expect(try roundTrip(info) == info)
        let power = SmyooDevicePowerData(status: 0, mcuid: "12", mcuname: nil)
        #expect(try roundTrip(power) == power)
        let invalid = InvalidMessageType(whatType: 99, why: "unknown")
        #expect(try roundTrip(invalid) == invalid)
        let app = TApplicationException(.protocolError, "bad")
        #expect(try roundTrip(app) == app)
    }

    @Test func everyPrimitiveRoundTrips() throws {
        var w = ThriftWriter()
        w.writeBool(true)
        w.writeByte(-5)
        w.writeI16(-300)
        w.writeI32(Int32.min)
        w.writeI64(Int64.max)
        w.writeDouble(-2.5)
        w.writeBinary([0, 0xff])
        w.writeString("héllo")
        w.writeMapBegin(key: .string, value: .i32, count: 0)
        var r = ThriftReader(w.bytes)
        #expect(try r.readBool() == true)
        #expect(try r.readByte() == -5)
        #expect(try r.readI16() == -300)
        #expect(try r.readI32() == Int32.min)
        #expect(try r.readI64() == Int64.max)
        #expect(try r.readDouble() == -2.5)
        #expect(try r.readBinary() == [0, 0xff])
        #expect(try r.readString() == "héllo")
        let map = try r.readMapBegin()
        #expect(map.key == .string && map.value == .i32 && map.count == 0)
        #expect(r.isAtEnd)
    }

    @Test func strictAndNonStrictHeadersBothRead() throws {
        for strict in [true, false] {
            var w = ThriftWriter()
            let header = ThriftMessageHeader(name: "handleMessage", type: .call, sequenceID: 42, strict: strict)
            w.writeMessageHeader(header)
            var r = ThriftReader(w.bytes)
            #expect(try r.readMessageHeader() == header)
        }
        // Non-strict: i32 name length, name, type byte, seqid.
        var r = ThriftReader(hex("0000000470696e67010000000b"))
        #expect(try r.readMessageHeader() == ThriftMessageHeader(name: "ping", type: .call, sequenceID: 11, strict: false))
    }

    @Test func aStrictHeaderWithAnotherVersionIsRefused() {
        var r = ThriftReader(hex("800200010000000470696e6700000001"))
        #expect(throws: ThriftError.self) { try r.readMessageHeader() }
        var bad = ThriftReader(hex("800100090000000470696e6700000001"))
        #expect(throws: ThriftError.self) { try bad.readMessageHeader() }
    }

    @Test func theReplyMirrorsANonStrictCall() throws {
        let call = PresetReply.encodeCall(.ping, sequenceID: 3, strict: false)
        let decoded = try PresetCall.decode(call)
        #expect(decoded.header.strict == false)
        let reply = PresetReply.pong("pong").encode(name: "ping", sequenceID: 3, strict: decoded.header.strict)
        let (header, _) = try PresetReply.decode(reply)
        #expect(header.strict == false && header.sequenceID == 3)
    }
}
