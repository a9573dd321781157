import Domain

/// What a client sends to create or replace a boot item. Fields that do not belong to `kind`
/// must be empty or absent.
public struct BootItemInput: Codable, Sendable, Hashable {
    public var name: String
    /// Menu text; defaults to `name`.
    public var label: String?
    /// `iscsi`, `wimboot`, `linux`, `chain` or `local`.
    public var kind: String
    public var osImage: Int64?
    public var dataImages: [Int64]?
    public var sanFilename: String?
    /// iscsi: `windows` (the default), `linux` or `other`.
    public var osFamily: String?
    /// iscsi: clear the iPXE gateway before the SAN commands; absent = on for Windows items.
    public var clearGateway: Bool?
    public var files: [String]?
    public var kernel: String?
    public var initrd: String?
    public var cmdline: String?
    public var url: String?

    public init(name: String, label: String? = nil, kind: String, osImage: Int64? = nil, dataImages: [Int64]? = nil,
                sanFilename: String? = nil, osFamily: String? = nil, clearGateway: Bool? = nil, files: [String]? = nil, kernel: String? = nil, initrd: String? = nil,
                cmdline: String? = nil, url: String? = nil) {
        self.name = name
        self.label = label
        self.kind = kind
        self.osImage = osImage
        self.dataImages = dataImages
        self.sanFilename = sanFilename
        self.osFamily = osFamily
        self.clearGateway = clearGateway
        self.files = files
        self.kernel = kernel
        self.initrd = initrd
        self.cmdline = cmdline
        self.url = url
    }

    /// The input that reproduces `item`.
    public init(_ item: BootItem) {
        self.init(name: item.name, label: item.label, kind: item.kind.rawValue, osImage: item.osImage,
                  dataImages: item.dataImages, sanFilename: item.sanFilename, osFamily: item.osFamily?.rawValue,
                  clearGateway: item.kind == .iscsi ? item.clearGateway : nil, files: item.files, kernel: item.kernel,
                  initrd: item.initrd, cmdline: item.cmdline, url: item.url)
    }
}
