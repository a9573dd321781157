import Domain

extension TgtTargetDriver {
    /// tgt's `rdwr` backstore reads and writes the file with pread/pwrite on the fd it opened (no
    /// cache in tgtd), so a volume whose extents are swapped in place (FICLONE, which also drops the
    /// kernel's page cache of the range) is served fresh through the LUN as it stands, sessions
    /// included. The target must exist: this driver knows its tid from its own last change or the
    /// last `--op show` (the presence watcher shows every few seconds, so a restarted tgtd, which
    /// forgot every target, is seen and the reset takes the full way that exports the target).
    public func servesInPlaceReset(_ spec: TargetSpec) -> Bool {
        tids.tid(of: spec.iqn) != nil
    }
}
