extension Schema {
    /// Indexes for the machine list at 10,000 machines (measured with `bench/api`): each filter
    /// with the default sort by name reads in index order instead of sorting every matching row
    /// in a temporary B-tree, and the other sort keys have an index. SQLite appends the rowid
    /// (`id`) to every index entry, so `ORDER BY name, id` is index order too. The composite
    /// indexes replace the single-column ones they start with.
    static let v2MachineListIndexes = """
    DROP INDEX machines_status;
    DROP INDEX machines_groupName;
    CREATE INDEX machines_status_name ON machines(status, name COLLATE NOCASE);
    CREATE INDEX machines_groupName_name ON machines(groupName, name COLLATE NOCASE);
    CREATE INDEX machines_ipOrder ON machines(ipOrder);
    CREATE INDEX machines_lastBootAt ON machines(lastBootAt);
    """
}
