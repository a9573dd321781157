import Domain
import PresetThrift
import Testing
import ThriftCodec

@Suite struct DispatcherTests {
    let backend = FakePresetBackend()
    var dispatcher: PresetDispatcher { PresetDispatcher(backend: backend) }

    func result(_ message: Message) async throws -> ResultStruct {
        guard case .result(let r) = await dispatcher.handle(message, actor: "test") else {
            throw ThriftError.invalidField("no result")
        }
        return r
    }

    @Test func pingAnswersPong() async throws {
        let r = try await result(Message(type: 1))
        #expect(r == ResultStruct(code: 0, text: "pong"))
        let bytes = await dispatcher.respond(to: PresetReply.encodeCall(.ping, sequenceID: 5), actor: "t")
        let (header, reply) = try PresetReply.decode(bytes ?? [])
        #expect(header.sequenceID == 5 && reply == .pong("pong"))
    }

    @Test func getBootMenuListsTheItems() async throws {
        let r = try await result(Message(type: 32))
        #expect(r.code == 0)
        #expect(try BootMenuList(serialized: r.message).menus == ["win10", "ubuntu"])
    }

    @Test func setBootMenuSetsTheItemOrSays1101() async throws {
        let ok = try await result(Message(type: 33, body: BootMenu(menu: "ubuntu", superTube: true).serialized(), host: "pc01"))
        #expect(ok.code == 0 && ok.message == Array("success".utf8), "the prototype's success text")
        #expect(await backend.machine("pc01")?.item == "ubuntu")
        #expect(await backend.machine("pc01")?.superWorkstation == true)
        let missing = try await result(Message(type: 33, body: BootMenu(menu: "dos", superTube: false).serialized(), host: "pc01"))
        #expect(missing.code == 1101)
        let unknownHost = try await result(Message(type: 33, body: BootMenu(menu: "ubuntu").serialized(), host: "nope"))
        #expect(unknownHost.code == 2001, "types 33-35 answer an unknown host as the prototype did")
        let garbage = try await result(Message(type: 33, body: [0xff, 0xff], host: "pc01"))
        #expect(garbage.code == 3)
    }

    @Test func powerStatusOtherThanZeroOrOneIs1201() async throws {
        let r = try await result(Message(type: 35, body: SmyooDevicePowerData(status: 7).serialized(), host: "pc01"))
        #expect(r.code == 1201)
        let off = try await result(Message(type: 35, body: SmyooDevicePowerData(status: 0).serialized(), host: "pc01"))
        #expect(off.code == 0)
        #expect(await backend.powerCalls.last?.1 == .off)
    }

    @Test func deviceInfoReportsPowerAndPresence() async throws {
        let r = try await result(Message(type: 34, host: "pc01"))
        let info = try SmyooDeviceInfo(serialized: r.message)
        #expect(info == SmyooDeviceInfo(mcuname: "pc01", note: "", isonline: 1, power: 1, mcuid: "1"))
    }

    @Test func forwardedCallsPassTheAgentCodeThrough() async throws {
        await backend.setForward(reply: AgentReply(code: 10401, message: [0x80, 0x81]))
        let r = try await result(Message(type: 5, body: UserPassword(userName: "a", password: "b").serialized(), host: "pc01"))
        #expect(r == ResultStruct(code: 10401, message: [0x80, 0x81]))
        await backend.setForward(error: AgentError.connectFailed("10.0.0.9:9090"))
        #expect(try await result(Message(type: 2, host: "pc01")).code == 7)
        await backend.setForward(error: AgentError.timedOut("10.0.0.9:9090"))
        #expect(try await result(Message(type: 4, host: "pc01")).code == 4)
    }

    @Test func anUnknownTypeThrowsInvalidMessageType() async {
        let reply = await dispatcher.handle(Message(type: 99, host: "pc01"), actor: "t")
        #expect(reply == .invalidMessageType(InvalidMessageType(whatType: 99, why: "unknown message type 99")))
    }

    @Test func anUnknownMethodIsATApplicationException() async throws {
        let bytes = await dispatcher.respond(to: PresetReply.encodeCall(.unknown("reboot"), sequenceID: 9), actor: "t")
        let (header, reply) = try PresetReply.decode(bytes ?? [])
        #expect(header.type == .exception && header.sequenceID == 9)
        guard case .applicationException(let e) = reply else { Issue.record("expected an exception"); return }
        #expect(e.kind == TApplicationException.Kind.unknownMethod.rawValue)
    }

    @Test func aBrokenArgsStructIsAProtocolErrorWithTheCallersSequenceID() async throws {
        var w = ThriftWriter()
        w.writeMessageHeader(ThriftMessageHeader(name: "handleMessage", type: .call, sequenceID: 12))
        w.writeFieldStop() // no msg field
        let bytes = await dispatcher.respond(to: w.bytes, actor: "t")
        let (header, reply) = try PresetReply.decode(bytes ?? [])
        #expect(header.sequenceID == 12)
        guard case .applicationException(let e) = reply else { Issue.record("expected an exception"); return }
        #expect(e.kind == TApplicationException.Kind.protocolError.rawValue)
    }
}
