/// `tgtadm --op show --mode target` as tgtd 1.0.85 (Debian 12) printed it on this machine, with a
/// logged-in initiator, two disks, a CHAP account and an ACL, plus an empty second target.
enum TgtSamples {
    static let twoTargets = """
    Target 1: iqn.2022-10.org.dbc.iscsi:pc1
        System information:
            Driver: iscsi
            State: ready
        I_T nexus information:
            I_T nexus: 1
                Initiator: iqn.2022-10.org.dbc.iscsi:client.aabb alias: none
                Connection: 0
                    IP Address: 127.0.0.1
        LUN information:
            LUN: 0
                Type: controller
                SCSI ID: IET     00010000
                SCSI SN: beaf10
                Size: 0 MB, Block size: 1
                Online: Yes
                Removable media: No
                Prevent removal: No
                Readonly: No
                SWP: No
                Thin-provisioning: No
                Backing store type: null
                Backing store path: None
                Backing store flags:\u{20}
            LUN: 1
                Type: disk
                SCSI ID: IET     00010001
                SCSI SN: beaf11
                Size: 67 MB, Block size: 512
                Online: Yes
                Removable media: No
                Prevent removal: No
                Readonly: No
                SWP: No
                Thin-provisioning: No
                Backing store type: rdwr
                Backing store path: /disks/dl_m1_img1.img
                Backing store flags:\u{20}
            LUN: 2
                Type: disk
                SCSI ID: IET     00010002
                SCSI SN: beaf12
                Size: 67 MB, Block size: 512
                Online: Yes
                Removable media: No
                Prevent removal: No
                Readonly: Yes
                SWP: No
                Thin-provisioning: No
                Backing store type: rdwr
                Backing store path: /disks/dl_m1_img2.img
                Backing store flags:\u{20}
        Account information:
            pc1
        ACL information:
            iqn.2022-10.org.dbc.iscsi:client.aabb
    Target 3: iqn.2022-10.org.dbc.iscsi:pc2
        System information:
            Driver: iscsi
            State: ready
        I_T nexus information:
        LUN information:
            LUN: 0
                Type: controller
                SCSI ID: IET     00030000
                SCSI SN: beaf30
                Size: 0 MB, Block size: 1
                Online: Yes
                Removable media: No
                Prevent removal: No
                Readonly: No
                SWP: No
                Thin-provisioning: No
                Backing store type: null
                Backing store path: None
                Backing store flags:\u{20}
        Account information:
        ACL information:

    """
}
