/// The stable code of every error kind the API answers (`code` of a problem document) and the
/// Thrift and event doors can name. Dotted camelCase: `<area>.<kind>`, or a bare kind for what is
/// not tied to one area. A client maps codes to its own words (the console's zh/en texts); the
/// `detail` beside it stays the server's English for logs and "show details".
///
/// Codes are never renamed or reused: a new kind of error gets a new code. `GET /api/v1/errors`
/// lists them all with their status and a summary.
public enum ErrorCode: String, Codable, Sendable, CaseIterable {
    // request
    case validationField = "validation.field"
    case requestMalformed = "request.malformed"
    case requestTooLarge = "request.tooLarge"
    case requestMediaType = "request.mediaType"
    case routeNotFound = "route.notFound"
    case methodNotAllowed = "route.methodNotAllowed"
    case revisionStale = "revision.stale"
    case rateLimited
    case unavailable
    case `internal`
    case conflict
    case notFound
    // auth
    case authRequired = "auth.required"
    case authInvalid = "auth.invalid"
    case authCSRF = "auth.csrf"
    case authForbidden = "auth.forbidden"
    // records
    case machineNotFound = "machine.notFound"
    case machineNameTaken = "machine.nameTaken"
    case machineMACTaken = "machine.macTaken"
    case machineIPTaken = "machine.ipTaken"
    case imageNotFound = "image.notFound"
    case imageNameTaken = "image.nameTaken"
    case imageInUse = "image.inUse"
    case imageBusy = "image.busy"
    case imageNoVersion = "image.noVersion"
    case imageNothingToCommit = "image.nothingToCommit"
    case versionNotFound = "image.versionNotFound"
    case versionCurrent = "image.versionCurrent"
    case bootItemNotFound = "bootItem.notFound"
    case bootItemNameTaken = "bootItem.nameTaken"
    case bootItemInUse = "bootItem.inUse"
    case userNotFound = "user.notFound"
    case userNameTaken = "user.nameTaken"
    case userLastAdmin = "user.lastAdmin"
    case userSelf = "user.self"
    case tokenNotFound = "token.notFound"
    case tokenNameTaken = "token.nameTaken"
    case jobNotFound = "job.notFound"
    case discoveredNotFound = "discovered.notFound"
    // disks, targets, storage
    case diskNoDisks = "disk.noDisks"
    case diskSuperWorkstation = "disk.superWorkstation"
    case diskMissing = "disk.missing"
    case storageFull = "storage.full"
    case storageFailed = "storage.failed"
    case targetUnavailable = "target.unavailable"
    // power
    case powerNoDevice = "power.noDevice"
    case powerUnreachable = "power.unreachable"
    case powerTimedOut = "power.timedOut"
    case powerSessionInvalid = "power.sessionInvalid"
    case powerNoAgentAddress = "power.noAgentAddress"
    // bulk
    case bulkInvalid = "bulk.invalid"

    /// The HTTP status the API answers with this code.
    public var status: Int {
        switch self {
        case .validationField, .bulkInvalid: 422
        case .requestMalformed: 400
        case .requestTooLarge: 413
        case .requestMediaType: 415
        case .routeNotFound, .notFound, .machineNotFound, .imageNotFound, .versionNotFound, .bootItemNotFound,
             .userNotFound, .tokenNotFound, .jobNotFound, .discoveredNotFound: 404
        case .methodNotAllowed: 405
        case .revisionStale: 412
        case .rateLimited: 429
        case .unavailable, .powerNoAgentAddress: 503
        case .internal: 500
        case .authRequired, .authInvalid: 401
        case .authCSRF, .authForbidden: 403
        case .powerUnreachable, .powerTimedOut, .powerSessionInvalid: 502
        default: 409
        }
    }

    /// What the code means, in English (the console has its own zh/en words per code).
    public var summary: String {
        switch self {
        case .validationField: "some fields are invalid; errors[] names each"
        case .requestMalformed: "the body is not valid JSON or not the expected text"
        case .requestTooLarge: "the body is larger than the route accepts"
        case .requestMediaType: "the content type is not accepted here"
        case .routeNotFound: "no such route"
        case .methodNotAllowed: "the method is not allowed on this route"
        case .revisionStale: "the resource changed since it was read (If-Match)"
        case .rateLimited: "too many attempts; retry after the Retry-After seconds"
        case .unavailable: "a part the request needs is not available"
        case .internal: "internal error; see the server log"
        case .conflict: "the change conflicts with existing data"
        case .notFound: "no such resource"
        case .authRequired: "authentication required"
        case .authInvalid: "invalid credentials"
        case .authCSRF: "missing or wrong X-CSRF-Token for a cookie-authenticated write"
        case .authForbidden: "the caller's role may not do this"
        case .machineNotFound: "no such machine"
        case .machineNameTaken: "another machine has this name (or the same iSCSI target name)"
        case .machineMACTaken: "another machine has this MAC address"
        case .machineIPTaken: "another machine has this IP address"
        case .imageNotFound: "no such image"
        case .imageNameTaken: "another image has this name"
        case .imageInUse: "boot items still use this image"
        case .imageBusy: "the image is importing or not ready"
        case .imageNoVersion: "the image has no version yet: commit one"
        case .imageNothingToCommit: "the working copy has no changes to commit"
        case .versionNotFound: "no such image version"
        case .versionCurrent: "the version is the image's current one"
        case .bootItemNotFound: "no such boot item"
        case .bootItemNameTaken: "another boot item has this name"
        case .bootItemInUse: "machines still use this boot item"
        case .userNotFound: "no such user"
        case .userNameTaken: "another user has this name"
        case .userLastAdmin: "the last admin must stay"
        case .userSelf: "you cannot do this to your own account"
        case .tokenNotFound: "no such token"
        case .tokenNameTaken: "you already have a token of this name"
        case .jobNotFound: "no such job"
        case .discoveredNotFound: "no such discovered machine"
        case .diskNoDisks: "the machine has no iSCSI disks (its images have no version, or it has no image)"
        case .diskSuperWorkstation: "a super workstation's disk is the image's working copy: commit or discard the image"
        case .diskMissing: "a disk the machine should have does not exist (provisioning failed)"
        case .storageFull: "the storage is full or the file too large"
        case .storageFailed: "the storage or target driver failed"
        case .targetUnavailable: "the iSCSI target or storage is not available on this host"
        case .powerNoDevice: "the machine has no power device that can do this"
        case .powerUnreachable: "the power device or service failed or cannot be reached"
        case .powerTimedOut: "the power device did not answer in time"
        case .powerSessionInvalid: "the power service refused the account"
        case .powerNoAgentAddress: "the machine has no IP address for its agent"
        case .bulkInvalid: "a bulk action was refused; results[] names each machine"
        }
    }
}
