import GRDB
import Secrets

/// The schema as a list of migrations. Never edit a shipped migration; add a new one.
enum Schema {
    /// - Parameter secrets: seals secrets stored in plain text by earlier versions (v3).
    static func migrator(secrets: SecretBox) -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-initial") { db in try db.execute(sql: v1) }
        m.registerMigration("v2-machine-list-indexes") { db in try db.execute(sql: v2MachineListIndexes) }
        m.registerMigration("v3-seal-secrets") { db in try StoreSecrets.sealExisting(db, secrets) }
        m.registerMigration("v4-boot-item-os-family") { db in try db.execute(sql: v4BootItemOSFamily) }
        m.registerMigration("v5-image-working-changed") { db in try db.execute(sql: v5ImageWorkingChanged) }
        return m
    }

    // Column names are camelCase like the Swift properties. Names that people type are compared
    // case-insensitively (COLLATE NOCASE), as host names are.
    static let v1 = """
    CREATE TABLE images (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        kind TEXT NOT NULL CHECK (kind IN ('os', 'data')),
        sizeBytes INTEGER NOT NULL CHECK (sizeBytes > 0),
        description TEXT NOT NULL DEFAULT '',
        currentVersion INTEGER,
        state TEXT NOT NULL DEFAULT 'ready',
        maintenanceMachine INTEGER,
        createdAt DATETIME NOT NULL,
        updatedAt DATETIME NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE image_versions (
        imageId INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        n INTEGER NOT NULL,
        createdAt DATETIME NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (imageId, n)
    );
    CREATE TABLE boot_items (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        label TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('iscsi', 'wimboot', 'linux', 'chain', 'local')),
        osImage INTEGER REFERENCES images(id) ON DELETE RESTRICT,
        sanFilename TEXT,
        files TEXT NOT NULL DEFAULT '[]',
        kernel TEXT,
        initrd TEXT,
        cmdline TEXT,
        url TEXT,
        createdAt DATETIME NOT NULL,
        updatedAt DATETIME NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX boot_items_osImage ON boot_items(osImage);
    CREATE TABLE boot_item_data_images (
        bootItemId INTEGER NOT NULL REFERENCES boot_items(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        imageId INTEGER NOT NULL REFERENCES images(id) ON DELETE RESTRICT,
        PRIMARY KEY (bootItemId, position)
    );
    CREATE INDEX boot_item_data_images_imageId ON boot_item_data_images(imageId);
    CREATE TABLE machines (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        mac TEXT NOT NULL UNIQUE,
        ip TEXT UNIQUE,
        ipOrder INTEGER,
        defaultBootItem INTEGER REFERENCES boot_items(id) ON DELETE RESTRICT,
        diskMode TEXT NOT NULL,
        superWorkstation BOOLEAN NOT NULL DEFAULT 0,
        groupName TEXT NOT NULL DEFAULT '',
        power TEXT NOT NULL,
        allowBoot BOOLEAN NOT NULL DEFAULT 1,
        status TEXT NOT NULL DEFAULT 'unknown',
        lastBootAt DATETIME,
        lastBootPhase TEXT,
        notes TEXT NOT NULL DEFAULT '',
        chapSecret TEXT,
        createdAt DATETIME NOT NULL,
        updatedAt DATETIME NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX machines_groupName ON machines(groupName);
    CREATE INDEX machines_status ON machines(status);
    CREATE TABLE machine_boot_items (
        machineId INTEGER NOT NULL REFERENCES machines(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        bootItemId INTEGER NOT NULL REFERENCES boot_items(id) ON DELETE RESTRICT,
        PRIMARY KEY (machineId, position),
        UNIQUE (machineId, bootItemId)
    );
    CREATE INDEX machine_boot_items_bootItemId ON machine_boot_items(bootItemId);
    CREATE TABLE settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        document TEXT NOT NULL,
        revision INTEGER NOT NULL,
        updatedAt DATETIME NOT NULL
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time DATETIME NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        outcome TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_time ON events(time);
    CREATE INDEX events_action ON events(action, time);
    CREATE INDEX events_subject ON events(subject, time);
    CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
        passwordHash TEXT NOT NULL,
        createdAt DATETIME NOT NULL
    );
    CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        userId INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        tokenHash TEXT NOT NULL UNIQUE,
        createdAt DATETIME NOT NULL,
        lastUsedAt DATETIME,
        UNIQUE (userId, name)
    );
    CREATE TABLE sessions (
        idHash TEXT PRIMARY KEY,
        userId INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrfToken TEXT NOT NULL,
        remote TEXT NOT NULL DEFAULT '',
        createdAt DATETIME NOT NULL,
        expiresAt DATETIME NOT NULL
    );
    CREATE INDEX sessions_expiresAt ON sessions(expiresAt);
    CREATE TABLE discovered_machines (
        mac TEXT PRIMARY KEY,
        ip TEXT,
        firstSeenAt DATETIME NOT NULL,
        lastSeenAt DATETIME NOT NULL,
        via TEXT NOT NULL,
        platform TEXT
    );
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        subject TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'succeeded', 'failed', 'cancelled')),
        bytesDone INTEGER NOT NULL DEFAULT 0,
        bytesTotal INTEGER,
        message TEXT NOT NULL DEFAULT '',
        createdAt DATETIME NOT NULL,
        updatedAt DATETIME NOT NULL,
        finishedAt DATETIME
    );
    CREATE INDEX jobs_state ON jobs(state);
    """
}
