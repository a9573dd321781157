import Domain

extension Settings {
    /// Every cross-check of the settings document; each error names `section.field`.
    func validationErrors() -> [FieldError] {
        var e = FieldErrorsBox()
        checkStorage(&e)
        checkDHCP(&e)
        checkTFTP(&e)
        checkHTTP(&e)
        checkISCSI(&e)
        checkThrift(&e)
        checkPower(&e)
        checkTools(&e)
        checkLimits(&e)
        checkMetrics(&e)
        return e.errors
    }

    private func checkStorage(_ e: inout FieldErrorsBox) {
        if storage.driver == .lvm {
            _ = e.check("storage.volumeGroup") { try Validate.lvmName(storage.volumeGroup, field: "storage.volumeGroup") }
            if !storage.thinPool.isEmpty {
                _ = e.check("storage.thinPool") { try Validate.lvmName(storage.thinPool, field: "storage.thinPool") }
            }
            if !(1...16_777_216).contains(storage.snapshotSizeMiB) {
                e.add("storage.snapshotSizeMiB", "snapshot size must be between 1 MiB and 16 TiB")
            }
        }
        if !storage.fileRoot.isEmpty {
            _ = e.check("storage.fileRoot") { try Validate.absolutePath(storage.fileRoot, field: "storage.fileRoot") }
        }
        for (key, roots) in [("importRoots", storage.importRoots), ("importDeviceRoots", storage.importDeviceRoots)] {
            if roots.count > 16 { e.add("storage.\(key)", "at most 16 directories") }
            for (i, root) in roots.enumerated() {
                let field = "storage.\(key)[\(i)]"
                if e.check(field, { try Validate.absolutePath(root, field: field) }) != nil && root.split(separator: "/").isEmpty {
                    e.add(field, "/ would allow every file on the server: name a directory")
                }
            }
        }
    }

    private func checkDHCP(_ e: inout FieldErrorsBox) {
        let d = dhcp
        _ = e.check("dhcp.networkName") { try Validate.resourceName(d.networkName, field: "dhcp.networkName") }
        if !d.interface.isEmpty {
            _ = e.check("dhcp.interface") { try Validate.interfaceName(d.interface, field: "dhcp.interface") }
        }
        guard d.subnetMask.isNetmask, d.subnetMask.value != 0 else {
            e.add("dhcp.subnetMask", "\(d.subnetMask) is not a netmask (contiguous ones, then zeros)")
            return
        }
        let mask = d.subnetMask
        if d.subnet.value & ~mask.value != 0 {
            e.add("dhcp.subnet", "\(d.subnet) is not a network address under \(mask) (host bits are set)")
        }
        let broadcast = IPv4Address(value: d.subnet.value & mask.value | ~mask.value)
        if d.broadcastAddress != broadcast {
            e.add("dhcp.broadcastAddress", "broadcast of \(d.subnet)/\(mask) is \(broadcast), not \(d.broadcastAddress)")
        }
        let network = IPv4Address(value: d.subnet.value & mask.value)
        func inside(_ ip: IPv4Address) -> Bool { ip.sameNetwork(as: d.subnet, mask: mask) && ip != network && ip != broadcast }
        if !inside(d.rangeStart) { e.add("dhcp.rangeStart", "\(d.rangeStart) is not a host address in \(d.subnet)/\(mask)") }
        if !inside(d.rangeEnd) { e.add("dhcp.rangeEnd", "\(d.rangeEnd) is not a host address in \(d.subnet)/\(mask)") }
        if d.rangeStart > d.rangeEnd { e.add("dhcp.rangeEnd", "range end \(d.rangeEnd) is before range start \(d.rangeStart)") }
        for (i, r) in d.routers.enumerated() where !inside(r) {
            e.add("dhcp.routers[\(i)]", "router \(r) is not a host address in \(d.subnet)/\(mask)")
        }
        for (i, s) in d.dnsServers.enumerated() where s.value == 0 || s.value == UInt32.max {
            e.add("dhcp.dnsServers[\(i)]", "\(s) is not a usable DNS server address")
        }
        if d.routers.count > 8 { e.add("dhcp.routers", "at most 8 routers") }
        if d.dnsServers.count > 8 { e.add("dhcp.dnsServers", "at most 8 DNS servers") }
        if !d.bootFilename.isEmpty {
            _ = e.check("dhcp.bootFilename") { try Validate.relativePath(d.bootFilename, field: "dhcp.bootFilename") }
        }
        if let next = d.nextServer, next.value == 0 || next.value == UInt32.max {
            e.add("dhcp.nextServer", "\(next) is not a usable server address")
        }
        if !d.configPath.isEmpty {
            _ = e.check("dhcp.configPath") { try Validate.absolutePath(d.configPath, field: "dhcp.configPath") }
        }
        if d.reloadCommand.count > 32 { e.add("dhcp.reloadCommand", "at most 32 arguments") }
        for (i, arg) in d.reloadCommand.enumerated() {
            let field = "dhcp.reloadCommand[\(i)]"
            if i == 0 {
                _ = e.check(field) { try Validate.absolutePath(arg, field: field) }
            } else if arg.isEmpty || arg.count > 1024 || Validate.hasControlCharacters(arg) {
                e.add(field, "arguments must be 1 to 1024 characters without control characters")
            }
        }
    }

    private func checkTFTP(_ e: inout FieldErrorsBox) {
        if !tftp.root.isEmpty { _ = e.check("tftp.root") { try Validate.absolutePath(tftp.root, field: "tftp.root") } }
        _ = e.check("tftp.port") { try Validate.port(tftp.port, field: "tftp.port") }
        _ = e.check("tftp.biosBootFile") { try Validate.relativePath(tftp.biosBootFile, field: "tftp.biosBootFile") }
        _ = e.check("tftp.uefiBootFile") { try Validate.relativePath(tftp.uefiBootFile, field: "tftp.uefiBootFile") }
    }

    private func checkHTTP(_ e: inout FieldErrorsBox) {
        if !http.rootPath.isEmpty { _ = e.check("http.rootPath") { try Validate.absolutePath(http.rootPath, field: "http.rootPath") } }
        if !http.publicBaseURL.isEmpty {
            _ = e.check("http.publicBaseURL") { try Validate.url(http.publicBaseURL, field: "http.publicBaseURL") }
        }
        if !(0...3600).contains(http.menuTimeoutSeconds) {
            e.add("http.menuTimeoutSeconds", "menu timeout must be between 0 and 3600 seconds")
        }
        if http.bootPort != 0 { _ = e.check("http.bootPort") { try Validate.port(http.bootPort, field: "http.bootPort") } }
        if http.trustedProxies.count > 64 { e.add("http.trustedProxies", "at most 64 trusted proxies") }
        for (i, p) in http.trustedProxies.enumerated() where p.value == 0 || p.value == UInt32.max {
            e.add("http.trustedProxies[\(i)]", "\(p) is not a proxy address")
        }
    }

    private func checkISCSI(_ e: inout FieldErrorsBox) {
        if iscsi.serverAddress.value == 0 || iscsi.serverAddress.value == UInt32.max {
            e.add("iscsi.serverAddress", "\(iscsi.serverAddress) is not an address clients can reach")
        }
        _ = e.check("iscsi.portalPort") { try Validate.port(iscsi.portalPort, field: "iscsi.portalPort") }
        _ = e.check("iscsi.targetPrefix") { try Validate.iqnPrefix(iscsi.targetPrefix, field: "iscsi.targetPrefix") }
        if !iscsi.globalInitiatorIQN.isEmpty {
            _ = e.check("iscsi.globalInitiatorIQN") { try Validate.iqn(iscsi.globalInitiatorIQN, field: "iscsi.globalInitiatorIQN") }
        }
        let overlays = iscsi.builtin
        if !overlays.overlayDirectory.isEmpty {
            let field = "iscsi.builtin.overlayDirectory"
            if e.check(field, { try Validate.absolutePath(overlays.overlayDirectory, field: field) }) != nil,
               overlays.overlayDirectory.split(separator: "/").isEmpty {
                e.add(field, "/ is not an overlay directory: name a directory of its own")
            }
        }
        if !(0...16_777_216).contains(overlays.overlayCapMiB) {
            e.add("iscsi.builtin.overlayCapMiB", "overlay cap must be between 0 (no cap) and 16777216 MiB (16 TiB)")
        }
    }

    private func checkThrift(_ e: inout FieldErrorsBox) {
        _ = e.check("thrift.listenAddress") { try Validate.ipv4(thrift.listenAddress, field: "thrift.listenAddress") }
        _ = e.check("thrift.port") { try Validate.port(thrift.port, field: "thrift.port") }
        _ = e.check("thrift.agentPort") { try Validate.port(thrift.agentPort, field: "thrift.agentPort") }
        if !(1...60).contains(thrift.agentTimeoutSeconds) {
            e.add("thrift.agentTimeoutSeconds", "agent timeout must be between 1 and 60 seconds")
        }
        if thrift.allowedClients.count > 256 { e.add("thrift.allowedClients", "at most 256 allowed clients") }
        for (i, c) in thrift.allowedClients.enumerated() where c.value == 0 || c.value == UInt32.max {
            e.add("thrift.allowedClients[\(i)]", "\(c) is not a client address")
        }
        // The port has no authentication: reachable from the LAN only for listed clients.
        if let address = IPv4Address(thrift.listenAddress), address.octets[0] != 127, thrift.allowedClients.isEmpty {
            e.add("thrift.allowedClients", "listening on \(thrift.listenAddress) (not loopback) needs at least one allowed client")
        }
    }

    private func checkLimits(_ e: inout FieldErrorsBox) {
        for limit in limits.ranges where !limit.range.contains(limit.value) {
            e.add("limits.\(limit.name)", "\(limit.name) must be between \(limit.range.lowerBound) and \(limit.range.upperBound)")
        }
        if limits.httpMaxConnectionsPerClient > limits.httpMaxConnections {
            e.add("limits.httpMaxConnectionsPerClient", "must not exceed httpMaxConnections")
        }
        if limits.tftpMaxTransfersPerClient > limits.tftpMaxTransfers {
            e.add("limits.tftpMaxTransfersPerClient", "must not exceed tftpMaxTransfers")
        }
        if limits.thriftMaxConnectionsPerClient > limits.thriftMaxConnections {
            e.add("limits.thriftMaxConnectionsPerClient", "must not exceed thriftMaxConnections")
        }
    }

    private func checkPower(_ e: inout FieldErrorsBox) {
        if !(0...3600).contains(power.gracefulTimeoutSeconds) {
            e.add("power.gracefulTimeoutSeconds", "graceful timeout must be between 0 and 3600 seconds")
        }
        _ = e.check("power.ipmitoolPath") { try Validate.absolutePath(power.ipmitoolPath, field: "power.ipmitoolPath") }
        let smyoo = power.smyoo
        _ = e.check("power.smyoo.baseURL") { try Validate.url(smyoo.baseURL, field: "power.smyoo.baseURL") }
        if !smyoo.phone.isEmpty, !((5...20).contains(smyoo.phone.count) && smyoo.phone.allSatisfy({ $0.isASCII && $0.isNumber })) {
            e.add("power.smyoo.phone", "phone must be 5 to 20 digits (the Smyoo account's phone number)")
        }
        if let password = smyoo.password, !password.isEmpty {
            _ = e.check("power.smyoo.password") { try Validate.text(password, field: "power.smyoo.password", max: 128) }
        }
        if power.defaultDriver == .smyoo, smyoo.phone.isEmpty {
            e.add("power.smyoo.phone", "the smyoo default driver needs the account's phone")
        }
    }

    private func checkMetrics(_ e: inout FieldErrorsBox) {
        let m = metrics
        let printable = m.token.unicodeScalars.allSatisfy { (0x21...0x7e).contains($0.value) }
        if m.access == .token || !m.token.isEmpty, !(16...256).contains(m.token.count) || !printable {
            e.add("metrics.token", "the metrics token must be 16 to 256 printable ASCII characters without spaces")
        }
        if m.access == .addresses, m.allowedAddresses.isEmpty {
            e.add("metrics.allowedAddresses", "list at least one scraper address when access is addresses")
        }
        if m.allowedAddresses.count > 64 { e.add("metrics.allowedAddresses", "at most 64 addresses") }
        for (i, a) in m.allowedAddresses.enumerated() where a.value == 0 || a.value == UInt32.max {
            e.add("metrics.allowedAddresses[\(i)]", "\(a) is not a scraper address")
        }
    }
}
