// The Preset service that dbc speaks, as disklessd serves it on its Thrift port (default 9090)
// and as the agent in each client OS serves it on the same port.
//
// Wire facts: /work/shared/protocol/preset-wire.md. Binary protocol, buffered transport (framed
// accepted too), strict and non-strict message headers.
//
// Message.body and ResultStruct.message carry a struct serialized with the binary protocol (no
// message header), or plain text ("pong"). They are declared `binary`: on the wire a binary is
// exactly a Thrift string (type 11, i32 length, bytes), but generated code treats it as raw bytes
// instead of decoding UTF-8 (the prototype broke on bytes >= 0x80).

namespace py preset
namespace java org.dbc.preset

// Message.type values.
const i32 PING = 1
const i32 GET_HOST_INFO = 2
const i32 SET_HOST_INFO = 3
const i32 GET_USER_LIST = 4
const i32 SET_USER_PASSWORD = 5
const i32 GET_BOOT_MENU = 32
const i32 SET_BOOT_MENU = 33
const i32 GET_SMYOO_DEVICE_INFO = 34
const i32 SET_SMYOO_DEVICE_POWER = 35

// ResultStruct.code values. Server side:
const i32 SUCCESS = 0
const i32 UNKNOWN_ERROR = 2
const i32 EXCEPTION_OCCURRED = 3
const i32 TIMEOUT = 4
const i32 UNKNOWN_MESSAGE_TYPE = 5
const i32 UNKNOWN_HOST = 6
const i32 CONNECT_FAILED = 7
const i32 BOOT_MENU_NOT_EXIST = 1101
const i32 INVALID_POWER_STATUS = 1201
const i32 POWER_OPERATION_FAILED = 1202
const i32 SMYOO_SESSION_INVALID = 1203
const i32 NO_SUCH_POWER_DEVICE = 2001
// Agent side (passed through by disklessd):
const i32 AGENT_UNKNOWN_ERROR = 10002
const i32 AGENT_INVALID_MESSAGE_BODY = 10003
const i32 AGENT_GET_HOST_INFO_FAILED = 10101
const i32 AGENT_SET_HOST_INFO_FAILED = 10201
const i32 AGENT_GET_USER_LIST_FAILED = 10301
const i32 AGENT_SET_USER_PASSWORD_FAILED = 10401

const i32 MESSAGE_VERSION = 0x01000001

struct ResultStruct {
    1: required i32 code,
    2: required binary message,
}

struct Message {
    1: required i32 version,
    2: required i32 type,
    3: required binary body,
    4: optional string host,
}

struct HostInfo {
    1: string hostName,
    2: string ipAddress,
}

struct UserList {
    1: list<string> users,
}

struct UserPassword {
    1: string userName,
    2: string password,
}

struct BootMenuList {
    1: list<string> menus,
}

struct BootMenu {
    1: string menu,
    2: bool superTube,
}

struct SmyooDeviceInfo {
    1: string mcuname,
    2: string note,
    3: i32 isonline,
    4: i32 power,
    5: string mcuid,
}

struct SmyooDevicePowerData {
    1: i32 status,
    2: optional string mcuid,
    3: optional string mcuname,
}

exception InvalidMessageType {
    1: i32 whatType,
    2: string why,
}

service Preset {
    string ping(),
    ResultStruct handleMessage(1: Message msg) throws (1: InvalidMessageType e),
}
